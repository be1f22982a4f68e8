// 住所検索 without leaving the page: the button asks the postal code URL (data-lookup, the
// wizard's /mypage/postal/) and fills in the address as it answers. On any failure (offline, an
// answer it does not know) the button submits the form instead, and the server answers with the
// whole page, as without JavaScript. The texts shown come from the server.
for (const button of document.querySelectorAll("[data-lookup]")) {
  // The step's fields by their names without the form's prefix ("basic-").
  const field = (name) => button.form.elements[button.dataset.lookupPrefix + name];
  const postalCode = field("postal_code");
  // The paragraph the button is described by, where the answer's message goes (role=status).
  const status = document.getElementById(button.getAttribute("aria-describedby"));
  // Someone who goes back to the postal code box hears the last message too.
  postalCode.setAttribute(
    "aria-describedby",
    `${postalCode.getAttribute("aria-describedby") || ""} ${status.id}`,
  );

  button.onclick = async (event) => {
    event.preventDefault();
    try {
      const response = await fetch(
        `${button.dataset.lookup}?code=${encodeURIComponent(postalCode.value)}`,
      );
      // {kind, message, focus: the field to type in next, and address: {field: value} when
      // the code was found} (jobseeker.views.postal_address); without "kind" (not logged in
      // any more), the form's own answer is needed.
      const answer = await response.json();
      if (!answer.kind) throw new Error("not an answer of the postal code URL");
      for (const name in answer.address) {
        field(name).value = answer.address[name];
        // The character counters follow the new value.
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
