// The alumni community (coordinators): the graduates who agreed to join, and an invitation (for example to speak at a
// workshop) sent as a card to the ticked ones, or to all, through the bot's outbox.
import { announce, field, h } from "./dom";
import { parisDate, type FollowUpStrings } from "./followup-strings";
import { ValidationError, type PairingApi } from "./pairing-api";

export function alumniSection(section: HTMLElement, api: PairingApi, t: FollowUpStrings, language: string): () => Promise<void> {
  const load = async () => {
    const alumni = await api.alumni();
    const boxes = new Map<string, HTMLInputElement>();
    const list = alumni.length === 0
      ? h("p", {}, t.noAlumni)
      : h("table", { id: "alumni-list" }, h("caption", {}, t.alumniCaption(alumni.length)),
        h("thead", {}, h("tr", {}, ...[t.colName, t.colJoined, t.colInvite].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", {}, ...alumni.map((a) => {
          const box = h("input", { type: "checkbox", "aria-label": t.inviteLabel(a.name) });
          boxes.set(a.studentId, box);
          return h("tr", {}, h("th", { scope: "row" }, a.name), h("td", {}, parisDate(a.changedUtc, language)), h("td", {}, box));
        })));
    const title = h("input", { type: "text", maxlength: 120, required: true });
    const message = h("textarea", { maxlength: 1000, rows: 4, required: true });
    const send = h("button", { type: "submit", id: "alumni-invite", disabled: alumni.length === 0 }, t.invite);
    const form = h("form", { "aria-labelledby": "alumni-invite-h" }, h("h3", { id: "alumni-invite-h" }, t.inviteHeading),
      field("alumni-title", t.inviteTitle, title), field("alumni-message", t.inviteMessage, message, t.inviteHint), send);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      void (async () => {
        try {
          const ids = [...boxes].filter(([, b]) => b.checked).map(([id]) => id);
          const result = await api.inviteAlumni(title.value, message.value, ids);
          announce(t.invited(result.invited));
          title.value = "";
          message.value = "";
        } catch (err) {
          announce(err instanceof ValidationError ? t.inviteInvalid : t.failed, "error");
        }
      })();
    });
    section.replaceChildren(h("h2", { id: "alumni-h" }, t.alumniHeading), list, form);
  };
  return load;
}
