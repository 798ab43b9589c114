// A stand-in for office.js in an Outlook compose window: exactly the APIs the task pane calls (PLATFORM.md §7),
// with Outlook's answers for the cases that matter (HTML into a text body fails; an inline attachment needs base64).
// The test configures it before the page loads through window.__officeStandin = { bodyType, body, cursor, subject,
// displayLanguage, failAttachments }, and reads what the pane did from window.__compose:
//   { bodyType, body, subject, attachments: [{ id, name, base64, isInline }], calls: ["body.getTypeAsync", ...] }
// The cursor is an offset into the body; setSelectedDataAsync inserts there and moves it after the insertion.
// Two users: the node tests (tests/addin/harness.mjs serves it in place of office.js) and the local compose page
// (addin/standin/compose.html, served by the bot in Development only), which hosts the real pane in a same-origin
// frame and passes the same configuration as its own window.__officeStandin, plus onChange(state): called after
// every change the pane makes, so the page can show the draft.
(function () {
  "use strict";
  function hostConfig() {
    try {
      return window.parent !== window ? window.parent.__officeStandin : undefined;
    } catch {
      return undefined; // a cross-origin parent: not the compose page
    }
  }
  const config = window.__officeStandin || hostConfig() || {};
  const state = {
    bodyType: config.bodyType || "html",
    body: config.body ?? "",
    cursor: config.cursor ?? (config.body ?? "").length,
    subject: config.subject ?? "",
    // Attachments already in the message (e.g. a logo pasted earlier): [{ id, name, base64, isInline }].
    attachments: structuredClone(config.attachments ?? []),
    calls: [],
  };
  window.__compose = state;
  if (typeof config.onStart === "function") config.onStart(state);

  const AsyncResultStatus = { Succeeded: "succeeded", Failed: "failed" };
  const CoercionType = { Html: "html", Text: "text" };

  function answer(callback, value, error) {
    const result = error
      ? { status: AsyncResultStatus.Failed, value: undefined, error: { name: error, message: error, code: 9000 } }
      : { status: AsyncResultStatus.Succeeded, value, error: undefined };
    // office.js answers asynchronously; a hosting page hears of the change first.
    setTimeout(() => {
      if (!error && typeof config.onChange === "function") config.onChange(state);
      if (callback) callback(result);
    }, 0);
  }

  // (data, options?, callback?) as office.js accepts them.
  function args(rest) {
    const callback = typeof rest[rest.length - 1] === "function" ? rest[rest.length - 1] : undefined;
    const options = rest.length > 0 && typeof rest[0] === "object" && rest[0] !== null ? rest[0] : {};
    return { options, callback };
  }

  function coercionError(options) {
    const coercion = options.coercionType || CoercionType.Text;
    if (coercion !== CoercionType.Html && coercion !== CoercionType.Text) return "InvalidCoercionType";
    // Outlook refuses HTML into a plain-text body.
    if (coercion === CoercionType.Html && state.bodyType === "text") return "InvalidFormatError";
    return null;
  }

  const body = {
    getTypeAsync(...rest) {
      state.calls.push("body.getTypeAsync");
      answer(args(rest).callback, state.bodyType);
    },
    getAsync(coercionType, ...rest) {
      state.calls.push(`body.getAsync:${coercionType}`);
      const { callback } = args(rest);
      if (coercionType !== state.bodyType) {
        // Outlook converts; the pane always asks in the body's own type, so a mismatch is a defect to surface.
        answer(callback, undefined, "CoercionMismatch");
        return;
      }
      answer(callback, state.body);
    },
    setAsync(data, ...rest) {
      state.calls.push("body.setAsync");
      const { options, callback } = args(rest);
      const error = typeof data !== "string" ? "InvalidData" : coercionError(options);
      if (error) return answer(callback, undefined, error);
      state.body = data;
      state.cursor = data.length;
      answer(callback, undefined);
    },
    setSelectedDataAsync(data, ...rest) {
      state.calls.push("body.setSelectedDataAsync");
      const { options, callback } = args(rest);
      const error = typeof data !== "string" ? "InvalidData" : coercionError(options);
      if (error) return answer(callback, undefined, error);
      state.body = state.body.slice(0, state.cursor) + data + state.body.slice(state.cursor);
      state.cursor += data.length;
      answer(callback, undefined);
    },
    prependAsync(data, ...rest) {
      state.calls.push("body.prependAsync");
      const { options, callback } = args(rest);
      const error = typeof data !== "string" ? "InvalidData" : coercionError(options);
      if (error) return answer(callback, undefined, error);
      state.body = data + state.body;
      state.cursor += data.length;
      answer(callback, undefined);
    },
  };

  const subject = {
    getAsync(...rest) {
      state.calls.push("subject.getAsync");
      answer(args(rest).callback, state.subject);
    },
  };

  let nextAttachment = state.attachments.length + 1;
  // The functions an event-based add-in associated (Office.actions.associate), kept apart from the state the tests clone.
  const actions = {};
  window.__officeActions = actions;
  const item = {
    itemType: "message",
    body,
    subject,
    addFileAttachmentFromBase64Async(base64, name, ...rest) {
      state.calls.push("addFileAttachmentFromBase64Async");
      const { options, callback } = args(rest);
      if (config.failAttachments) return answer(callback, undefined, "AttachmentUploadGeneralFailure");
      if (typeof base64 !== "string" || base64 === "" || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
        return answer(callback, undefined, "InvalidAttachmentData");
      }
      if (typeof name !== "string" || name === "") return answer(callback, undefined, "InvalidAttachmentName");
      const id = `attachment-${nextAttachment++}`;
      state.attachments.push({ id, name, base64, isInline: options.isInline === true });
      answer(callback, id);
    },
    getAttachmentsAsync(...rest) {
      state.calls.push("getAttachmentsAsync");
      const details = state.attachments.map((a) => ({
        id: a.id,
        name: a.name,
        isInline: a.isInline,
        attachmentType: "file",
        size: Math.floor((a.base64.length * 3) / 4),
      }));
      answer(args(rest).callback, details);
    },
    getAttachmentContentAsync(id, ...rest) {
      state.calls.push("getAttachmentContentAsync");
      const found = state.attachments.find((a) => a.id === id);
      if (!found) return answer(args(rest).callback, undefined, "InvalidAttachmentId");
      answer(args(rest).callback, { format: "base64", content: found.base64 });
    },
  };

  const context = {
    displayLanguage: config.displayLanguage || "fr-FR",
    mailbox: config.noItem ? { item: null } : { item },
    requirements: { isSetSupported: (name, version) => name === "Mailbox" && Number(version) <= 1.15 },
  };

  const ready = new Promise((resolve) => setTimeout(() => resolve({ host: "Outlook", platform: "PC" }), 0));

  window.Office = {
    AsyncResultStatus,
    CoercionType,
    HostType: { Outlook: "Outlook" },
    MailboxEnums: { AttachmentContentFormat: { Base64: "base64", Url: "url", Eml: "eml", ICalendar: "iCalendar" } },
    actions: {
      associate(name, handler) {
        state.calls.push(`actions.associate:${name}`);
        actions[name] = handler;
      },
    },
    context,
    onReady(callback) {
      state.calls.push("Office.onReady");
      return ready.then((info) => {
        if (callback) callback(info);
        return info;
      });
    },
  };
})();
