// Loaded by every page with a form (templates/base.html). It only enhances: without it the
// server's pages work the same.
//
// 1. A wizard step keeps what was typed when its page is left without a button (the back
//    button, a reload, switching to another app). Step pages are never_cache, so the browser
//    restores no form for them. The form is beaconed to the step's autosave (the wizard's POST
//    with "autosave"), when the page is hidden or left, and half a second after a box is left
//    changed: a phone's first back press only closes the keyboard, so the page the second press
//    shows already knows the change; the delay lets a button pressed meanwhile send the form
//    alone. A copy stays in sessionStorage in case a reload outruns the beacon.
// 2. The error summary takes the focus, so a screen reader reads it first.
// 3. Boxes with data-counter show "{count} / {limit}" as typed, in the words the page gives.

// Read now: document.currentScript is only set while the script first runs.
const counterText = document.currentScript.dataset.counterText;

// -- 1. Autosave -------------------------------------------------------------------------------

// Any failure (a page without a wizard form, sessionStorage refused, a copy that is not JSON)
// leaves the page without autosave, as without JavaScript; the server keeps what was sent.
try {
  const wizardForm = document.querySelector(".wizard");
  // The copy is per step and per login: the CSRF cookie is renewed by every login, so the next
  // person on a shared phone never gets it.
  const csrfToken = document.cookie.match(/csrftoken=([^;]*)/)?.[1];
  const storageKey = location.pathname + csrfToken;

  // What the form shows: the value and checked state of each control a person can change.
  const visibleControls = () =>
    [...wizardForm.elements].filter((control) => control.type != "hidden");
  const snapshot = () =>
    JSON.stringify(visibleControls().map((control) => [control.value, control.checked]));

  // What this tab was shown or sent for this step, oldest first, the last one what was typed.
  const shownByServer = snapshot();
  const saved = JSON.parse(sessionStorage.getItem(storageKey) || "[]");
  let history;
  if (saved.includes(shownByServer)) {
    // The server shows something this tab saw before, so the last copy is newer: a reload
    // outran the beacon. Put the copy back.
    const controls = visibleControls();
    JSON.parse(saved.at(-1)).forEach(([value, checked], index) => {
      controls[index].value = value;
      controls[index].checked = checked;
    });
    history = saved;
  } else {
    // Something saved elsewhere (another tab, another device): never overwrite it.
    history = [shownByServer];
  }
  // The copy is needed only until the next save; it is written again by the next beacon.
  sessionStorage.removeItem(storageKey);

  // What was last shown or sent; nothing once the form is submitted by a button.
  let lastSent = shownByServer;
  const autosave = () => {
    const current = snapshot();
    if (!lastSent || current == lastSent) return;
    lastSent = current;
    const data = new FormData(wizardForm);
    data.append("autosave", 1);
    navigator.sendBeacon(wizardForm.action, data);
    history.push(current);
    sessionStorage.setItem(storageKey, JSON.stringify(history));
  };

  // A button sends the form itself: no beacon after it, and no copy to put back.
  wizardForm.onsubmit = () => {
    sessionStorage.removeItem(storageKey);
    lastSent = undefined;
  };
  wizardForm.onchange = () => setTimeout(autosave, 500);
  window.onpagehide = () => autosave();
  document.onvisibilitychange = () => {
    if (document.hidden) autosave();
  };
} catch {}

// -- 2. The error summary ----------------------------------------------------------------------

document.getElementById("error-summary")?.focus();

// -- 3. Character counters ---------------------------------------------------------------------

for (const box of document.querySelectorAll("[data-counter]")) {
  const counter = document.createElement("p");
  counter.className = "counter";
  // Read out when it changes, without taking the focus from the box.
  counter.ariaLive = "polite";
  box.after(counter);
  const update = () => {
    // Characters as people count them (an emoji is one), without the spaces the server trims.
    const count = [...box.value.trim()].length;
    const limit = box.dataset.counter;
    counter.textContent = counterText.replace("{count}", count).replace("{limit}", limit);
    counter.classList.toggle("counter--over", count > limit);
  };
  box.oninput = update;
  update();
}
