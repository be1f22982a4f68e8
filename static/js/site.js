// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Bring a page's error summary into view and to the screen reader first.
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();

  // Live character counters for fields whose limit counts full-width characters after
  // conversion (the server converts half-width to full-width, so the count is the same).
  for (const input of document.querySelectorAll("[data-counter]")) {
    const limit = Number(input.dataset.counter);
    const counter = document.createElement("p");
    counter.className = "counter";
    counter.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", counter);
    const update = () => {
      const count = [...input.value.trim()].length;
      counter.textContent = `${count} / ${limit}文字`;
      counter.classList.toggle("counter--over", count > limit);
    };
    input.addEventListener("input", update);
    update();
  }
});
