// Passkeys (WebAuthn): 「パスキーでログイン」 on the login page, and registering one on the
// passkeys page (templates/accounts/passkey_login.html, passkeys.html). The server makes the
// options and checks the answers (accounts/passkeys.py); this script only carries them between
// it and navigator.credentials, and says what went wrong next to the button.
//
// The blocks it serves are hidden until it finds that the browser can use passkeys: without
// JavaScript the login page is the password login alone, and the passkeys page says that
// registering needs it (a notice this script hides). The texts it shows come from the page (its script tag's data-text-*,
// and the server's answers), so they are translated.

// Read now: document.currentScript is only set while the script first runs.
const texts = document.currentScript.dataset;

const passkeysSupported =
  typeof window.PublicKeyCredential === "function" && !!navigator.credentials;

// -- JSON and binary ---------------------------------------------------------------------------
// The server speaks WebAuthn's JSON forms (binary values as base64url). Newer browsers convert
// them themselves (parseCreationOptionsFromJSON, parseRequestOptionsFromJSON, toJSON); the
// rest get the same conversion from these few functions.

function bytesFromBase64url(text) {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "=")), (c) =>
    c.charCodeAt(0),
  );
}

function base64urlFromBytes(buffer) {
  const text = String.fromCharCode(...new Uint8Array(buffer));
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function withBinaryIds(descriptors = []) {
  return descriptors.map((descriptor) => ({ ...descriptor, id: bytesFromBase64url(descriptor.id) }));
}

function creationOptions(json) {
  if (PublicKeyCredential.parseCreationOptionsFromJSON) {
    return PublicKeyCredential.parseCreationOptionsFromJSON(json);
  }
  return {
    ...json,
    challenge: bytesFromBase64url(json.challenge),
    user: { ...json.user, id: bytesFromBase64url(json.user.id) },
    excludeCredentials: withBinaryIds(json.excludeCredentials),
  };
}

function requestOptions(json) {
  if (PublicKeyCredential.parseRequestOptionsFromJSON) {
    return PublicKeyCredential.parseRequestOptionsFromJSON(json);
  }
  return {
    ...json,
    challenge: bytesFromBase64url(json.challenge),
    allowCredentials: withBinaryIds(json.allowCredentials),
  };
}

function credentialJSON(credential) {
  // Some password managers hand back a credential without toJSON.
  if (typeof credential.toJSON === "function") return credential.toJSON();
  const response = credential.response;
  const encoded = {};
  for (const name of [
    "clientDataJSON",
    "attestationObject",
    "authenticatorData",
    "signature",
    "userHandle",
  ]) {
    if (response[name]) encoded[name] = base64urlFromBytes(response[name]);
  }
  if (response.getTransports) encoded.transports = response.getTransports();
  return {
    id: credential.id,
    rawId: base64urlFromBytes(credential.rawId),
    type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment,
    clientExtensionResults: credential.getClientExtensionResults(),
    response: encoded,
  };
}

// -- talking to the server ---------------------------------------------------------------------

// Posts `body` (FormData as a form, anything else as JSON) with the page's CSRF token, and
// returns the server's JSON answer: {error, field} when it refused, else what was asked for.
async function post(url, body) {
  const token = document.querySelector("[name=csrfmiddlewaretoken]").value;
  const json = !(body instanceof FormData);
  const response = await fetch(url, {
    method: "POST",
    headers: json
      ? { "X-CSRFToken": token, "Content-Type": "application/json" }
      : { "X-CSRFToken": token },
    body: json ? JSON.stringify(body) : body,
    credentials: "same-origin",
  });
  const answer = await response.json();
  if (!response.ok && !answer.error) throw new Error(`${url} answered ${response.status}`);
  return answer;
}

// The browser's refusal in the page's words: a person who cancels or waits too long gets
// NotAllowedError (browsers do not tell the two apart), an authenticator that already holds
// one of the account's passkeys InvalidStateError.
function browserRefusal(error) {
  switch (error?.name) {
    case "NotAllowedError":
    case "AbortError":
      return texts.textCancelled;
    case "InvalidStateError":
      return texts.textAlreadyRegistered;
    case "NotSupportedError":
    case "SecurityError":
      return texts.textUnsupported;
    default:
      return texts.textFailed;
  }
}

function show(status, message) {
  status.textContent = message;
  status.className = "passkey-status" + (message ? " notice notice--error" : "");
}

// -- the login page ----------------------------------------------------------------------------

function setUpLogin(block) {
  const button = block.querySelector("button");
  const status = block.querySelector(".passkey-status");
  block.hidden = false;
  button.onclick = async () => {
    show(status, "");
    button.disabled = true;
    try {
      const options = await post(block.dataset.optionsUrl, {});
      let credential;
      try {
        credential = await navigator.credentials.get({ publicKey: requestOptions(options) });
      } catch (error) {
        show(status, browserRefusal(error));
        return;
      }
      const answer = await post(block.dataset.url, {
        credential: credentialJSON(credential),
        next: block.dataset.next,
      });
      if (answer.error) show(status, answer.error);
      else location.assign(answer.redirect);
    } catch {
      show(status, texts.textFailed);
    } finally {
      button.disabled = false;
    }
  };
}

// -- the passkeys page -------------------------------------------------------------------------

function setUpRegistration(form) {
  const status = form.querySelector(".passkey-status");
  const nameBox = form.elements.name;
  form.hidden = false;
  form.onsubmit = async (event) => {
    event.preventDefault();
    show(status, "");
    for (const box of form.querySelectorAll("[aria-invalid]")) box.removeAttribute("aria-invalid");
    const button = form.querySelector("[type=submit]");
    button.disabled = true;
    try {
      // The name and the current password are checked before the phone is asked, so that no
      // passkey is made on it for a registration the server would refuse.
      const options = await post(form.dataset.optionsUrl, new FormData(form));
      if (options.redirect) {
        // Too many wrong passwords: the server ended the session, the login page says why.
        location.assign(options.redirect);
        return;
      }
      if (options.error) {
        const box = form.elements[options.field] || nameBox;
        show(status, options.error);
        box.setAttribute("aria-invalid", "true");
        box.focus();
        return;
      }
      let credential;
      try {
        credential = await navigator.credentials.create({ publicKey: creationOptions(options) });
      } catch (error) {
        show(status, browserRefusal(error));
        return;
      }
      const answer = await post(form.dataset.url, { credential: credentialJSON(credential) });
      if (answer.error) show(status, answer.error);
      else location.assign(answer.redirect);
    } catch {
      show(status, texts.textFailed);
    } finally {
      button.disabled = false;
    }
  };
}

// -- start -------------------------------------------------------------------------------------

// The passkeys page's "registering needs JavaScript": this is JavaScript.
const needsScript = document.getElementById("passkey-needs-script");
if (needsScript) needsScript.hidden = true;

if (passkeysSupported) {
  document.querySelectorAll("[data-passkey=login]").forEach(setUpLogin);
  document.querySelectorAll("[data-passkey=register]").forEach(setUpRegistration);
} else {
  const notice = document.getElementById("passkey-unsupported");
  if (notice) notice.hidden = false;
}
