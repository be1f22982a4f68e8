/*
 * 「印刷する」 on the page 申込内容の印刷 (templates/jobseeker/print.html): the button is hidden
 * until this script shows it, so that a browser without scripts sees only the words that say
 * how to print from its menu.
 */
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
