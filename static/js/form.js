// Deferred, so the page is parsed; every text comes from the page (the counter's, this tag).
const counterText = document.currentScript.dataset.counterText;
document.getElementById("error-summary")?.focus();
for (const input of document.querySelectorAll("[data-counter]")) {
  const counter = document.createElement("p");
  counter.className = "counter";
  counter.ariaLive = "polite";
  input.after(counter);
  (input.oninput = () => {
    const count = [...input.value.trim()].length, limit = input.dataset.counter;
    counter.textContent = counterText.replace("{count}", count).replace("{limit}", limit);
    counter.classList.toggle("counter--over", count > limit);
  })();
}
