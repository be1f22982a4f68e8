// Ticks off the password rules of accounts/validators.py while typing; the server decides.
for (const input of document.querySelectorAll("[data-rule-min]")) {
  const rules = {
    Halfwidth: (v) => /^[!-~]+$/.test(v),
    Length: (v) => v.length >= input.dataset.ruleMin,
    Letter: (v) => /[A-Za-z]/.test(v),
    Digit: (v) => /\d/.test(v),
    Symbol: (v) => /[!-/:-@[-`{-~]/.test(v),
  };
  const list = document.createElement("ul");
  list.className = "rules";
  list.id = input.id + "_rules";
  input.after(list);
  input.setAttribute("aria-describedby", `${input.getAttribute("aria-describedby") || ""} ${list.id}`);
  const items = Object.entries(rules).map(([name, met]) => {
    const item = list.appendChild(document.createElement("li"));
    item.textContent = input.dataset["rule" + name];
    return [item, met];
  });
  input.addEventListener("input", () => {
    const value = input.value.replaceAll("\u00a5", "\\"); // the yen key is the backslash
    for (const [item, met] of items) item.classList.toggle("met", met(value));
  });
  input.dispatchEvent(new Event("input"));
}
