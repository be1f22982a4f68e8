// Fills the address in place as the server says; without such an answer, the button submits.
for (const button of document.querySelectorAll("[data-lookup]")) {
  const field = (name) => button.form.elements[button.dataset.lookupPrefix + name];
  const code = field("postal_code");
  const status = document.getElementById(button.getAttribute("aria-describedby"));
  code.setAttribute("aria-describedby", `${code.getAttribute("aria-describedby") || ""} ${status.id}`);
  button.onclick = async (event) => {
    event.preventDefault();
    try {
      const answer = await (await fetch(`${button.dataset.lookup}?code=${encodeURIComponent(code.value)}`)).json();
      if (!answer.kind) throw 0;
      for (const name in answer.address) {
        field(name).value = answer.address[name];
        field(name).dispatchEvent(new Event("input"));
      }
      status.textContent = answer.message;
      status.className = "lookup-status notice notice--" + answer.kind;
      field(answer.focus).focus();
    } catch {
      button.form.requestSubmit(button);
    }
  };
}
