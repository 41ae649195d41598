// Helpers shared by the emulated BMC pages (served by tests/bmcsim).
"use strict";

const bmcsim = {
  $(id) { return document.getElementById(id); },

  cookie(name) {
    for (const part of document.cookie.split(";")) {
      const eq = part.indexOf("=");
      if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
    }
    return "";
  },

  say(text) { bmcsim.$("message").textContent = text; },

  // Fails with the emulator's refusal reason ({"bmcsim_refused": ...}) when there is one.
  async check(response) {
    if (response.ok) return response;
    let reason = response.status + " " + response.statusText;
    try {
      const body = await response.clone().json();
      if (body.bmcsim_refused) reason = "refused: " + body.bmcsim_refused;
    } catch (e) { /* not JSON */ }
    throw new Error(reason);
  },

  // Runs `action` when the form is submitted, showing any error in #message.
  onSubmit(formId, action) {
    bmcsim.$(formId).addEventListener("submit", (event) => {
      event.preventDefault();
      action().catch((e) => bmcsim.say(e.message));
    });
  },

  // Runs `action` at load, showing any error in #message.
  run(action) { action().catch((e) => bmcsim.say(e.message)); },
};
