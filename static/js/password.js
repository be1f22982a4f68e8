// Ticks off the password rules of accounts/validators.py while typing; the server decides.
// Python's SequenceMatcher.quick_ratio: the share of characters two strings have in common.
const ratio = (a, b) => {
  const left = {};
  for (const c of b) left[c] = (left[c] || 0) + 1;
  let common = 0;
  for (const c of a) if (left[c]-- > 0) common++;
  return (2 * common) / (a.length + b.length);
};
// MailAddressSimilarityValidator: Django's check of the address and its parts, then the local
// part's pieces of 4+ characters, and its whole without separators.
const resembles = (pw, mail) => {
  const local = mail.slice(0, Math.max(mail.lastIndexOf("@"), 0));
  const joined = local.replace(/[._+-]+/g, "");
  const pieces = [joined, ...local.split(/[._+-]+/)].filter((p) => p.length > 3);
  return (
    [...mail.split(/\W+/), mail].some(
      (p) => (pw.length < 10 * p.length || p.length >= 0.35 * pw.length) && ratio(pw, p) >= 0.7,
    ) ||
    pieces.some((p) => pw.includes(p)) ||
    (joined && ratio(pw, joined) >= 0.7)
  );
};
for (const input of document.querySelectorAll("[data-rule-min]")) {
  // The address the page knows, else the one typed in the form, normalised as the server does.
  const box = input.form?.querySelector("[autocomplete=email]");
  const mail = () =>
    (input.dataset.ruleMailAddress ?? box?.value ?? "")
      .normalize("NFKC")
      .replace(/\s/g, "")
      .toLowerCase();
  const rules = {
    Halfwidth: (v) => /^[!-~]+$/.test(v),
    Length: (v) => v.length >= input.dataset.ruleMin,
    Letter: (v) => /[A-Za-z]/.test(v),
    Digit: (v) => /\d/.test(v),
    Symbol: (v) => /[!-/:-@[-`{-~]/.test(v),
    Mail: (v) => v && !resembles(v.toLowerCase(), mail()),
  };
  const list = document.createElement("ul");
  list.className = "rules";
  list.id = input.id + "_rules";
  input.after(list);
  // A screen reader reads the rules with the box's hint (the server names the list already,
  // for the one it draws without JavaScript: accounts/password_rules.py).
  const describedBy = input.getAttribute("aria-describedby") || "";
  if (!describedBy.split(" ").includes(list.id)) {
    input.setAttribute("aria-describedby", `${describedBy} ${list.id}`);
  }
  const items = Object.entries(rules)
    .filter(([name]) => input.dataset["rule" + name])
    .map(([name, met]) => {
      const item = list.appendChild(document.createElement("li"));
      item.textContent = input.dataset["rule" + name];
      return [item, met];
    });
  const check = () => {
    const value = input.value.replaceAll("\u00a5", "\\"); // the yen key is the backslash
    for (const [item, met] of items) item.classList.toggle("met", !!met(value));
  };
  // On any box of the form: the mail address may be typed after the password.
  (input.form || input).addEventListener("input", check);
  check();
}
