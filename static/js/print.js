/*
 * The print button of the print page (templates/jobseeker/print.html): the button is hidden
 * until this script shows it, so that a browser without scripts sees only the words that say
 * how to print from its menu.
 */
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
