// The BAT request view (issue 14, point 1 "or the coordinator page"): a coordinator or a partner's correspondent
// asks a partner for its approval of a logo version on a medium for a period, with the draft as HTML text or as an
// image or PDF, through the add-in's own route (POST /api/addin/bat-requests, the same checks); then follows their
// requests and where each stands. Every message of the server lands beside its field.
import { auditStrings } from "./audit-strings";
import { BatApi, MEDIA, requestableParties, toBase64, type BatRequestView, type Logo, type Party } from "./bat-api";
import { batStrings, type BatStrings } from "./bat-strings";
import { announce, field, h } from "./dom";
import { nextDay, parisDay, parisFormat, parisIso, parisToInstant } from "./paris";
import { clearErrors, showErrors } from "./form-errors";
import { FieldProblem } from "./problem";

/** The server's default limit (Approvals:DraftMaxBytes); the server checks it again with its own setting. */
export const DRAFT_MAX_BYTES = 2 * 1024 * 1024;
const FILE_TYPES = ["image/png", "image/jpeg", "application/pdf"];

export function batView(root: HTMLElement, api: BatApi): HTMLElement {
  const language = document.documentElement.lang === "en" ? "en" : "fr";
  const t = batStrings(language);
  const media = auditStrings(language).media;
  const heading = h("h2", { id: "bat-h" }, t.heading);
  const formArea = h("div", {});
  const listHeading = h("h2", { id: "bat-list-h" }, t.listHeading);
  const list = h("div", { id: "bat-list" });
  root.append(
    h("section", { class: "card", "aria-labelledby": "bat-h" }, heading, h("p", {}, t.intro), formArea),
    h("section", { class: "card", "aria-labelledby": "bat-list-h" }, listHeading, list),
  );
  const names = new Map<string, string>();

  const showList = async () => {
    const requests = await api.requests();
    list.replaceChildren(requestTable(requests, names, t, media, language));
    return requests.length;
  };

  void (async () => {
    const data = await api.agreements();
    for (const a of data.agreements) for (const p of a.parties) names.set(p.organisationId, p.name);
    const parties = requestableParties(data);
    if (parties.length === 0) formArea.append(h("p", { id: "bat-none" }, t.noPartner));
    else formArea.append(requestForm(parties, api, t, media, async (partner) => {
      await showList();
      announce(t.sent(partner));
    }));
    announce(t.loaded(await showList()));
  })().catch(() => announce(t.failed, "error"));
  return heading;
}

function requestForm(
  parties: { party: Party; logos: Logo[] }[], api: BatApi, t: BatStrings, media: Record<string, string>, done: (partner: string) => Promise<void>,
): HTMLFormElement {
  const partner = h("select", {}, ...parties.map((p) => h("option", { value: p.party.organisationId }, p.party.name)));
  const logo = h("select", {});
  const preview = h("img", { id: "bat-logo-img", alt: "", height: 48 });
  const medium = h("select", {}, ...MEDIA.map((m) => h("option", { value: m }, media[m] ?? m)));
  const today = parisDay(new Date());
  const from = h("input", { type: "date", value: today, required: true });
  const to = h("input", { type: "date", value: parisDay(new Date(), 364), required: true });
  const html = h("textarea", { rows: 6, spellcheck: "false" });
  const file = h("input", { type: "file", accept: ".png,.jpg,.jpeg,.pdf,image/png,image/jpeg,application/pdf" });
  const radio = (value: string, label: string, checked: boolean) =>
    h("label", { class: "choice" }, h("input", { type: "radio", name: "bat-draft-kind", value, checked, id: `bat-kind-${value}` }), ` ${label}`);
  const htmlField = field("bat-html", t.html, html);
  const fileField = field("bat-file", t.file, file, t.fileHint(DRAFT_MAX_BYTES / 1024));
  fileField.hidden = true;
  const kind = h("fieldset", {}, h("legend", {}, t.draft), radio("html", t.draftHtml, true), radio("file", t.draftFile, false));
  const isFile = () => (kind.querySelector<HTMLInputElement>("input:checked")?.value ?? "html") === "file";
  kind.addEventListener("change", () => {
    htmlField.hidden = isFile();
    fileField.hidden = !isFile();
  });

  const partyOf = () => parties.find((p) => p.party.organisationId === partner.value)!;
  let previewUrl = "";
  const showLogos = () => {
    const p = partyOf();
    logo.replaceChildren(...p.logos.map((l) => h("option", { value: l.hash }, t.logoOption(l.hash, l.contentType.replace("image/", "").toUpperCase()))));
    void showPreview();
  };
  const showPreview = async () => {
    const l = partyOf().logos.find((x) => x.hash === logo.value);
    if (!l) return;
    const blob = await api.logo(l.url);
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    previewUrl = blob ? URL.createObjectURL(blob) : "";
    preview.src = previewUrl;
    preview.alt = t.logoAlt(partyOf().party.name, l.hash);
    preview.hidden = !blob;
  };
  partner.addEventListener("change", showLogos);
  logo.addEventListener("change", () => void showPreview());
  showLogos();

  const submit = h("button", { type: "submit", id: "bat-submit" }, t.submit);
  const form = h("form", { id: "bat-form", novalidate: true },
    h("div", { class: "row" }, field("bat-partner", t.partner, partner, t.partnerHint), field("bat-logo", t.logo, logo), h("div", { class: "field" }, preview)),
    h("div", { class: "row" }, field("bat-medium", t.medium, medium), field("bat-from", t.from, from, t.periodHint), field("bat-to", t.to, to)),
    kind, htmlField, fileField, h("p", {}, submit));
  const controls: Record<string, HTMLElement> = { organisationId: partner, logoHash: logo, medium, from, period: to, draft: html };

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void (async () => {
      clearErrors(form);
      controls.draft = isFile() ? file : html;
      const errors: Record<string, string> = {};
      const fromAt = parisToInstant(from.value);
      const toAt = to.value ? parisToInstant(nextDay(to.value)) : null;
      if (!fromAt) errors.from = t.required;
      if (!toAt) errors.period = t.required;
      else if ((fromAt && toAt <= fromAt) || toAt <= new Date()) errors.period = t.badDates;
      let bytes: Uint8Array | null = null;
      if (isFile()) {
        const chosen = file.files?.[0];
        if (!chosen) errors.draft = t.required;
        else if (!FILE_TYPES.includes(chosen.type) && !/\.(png|jpe?g|pdf)$/i.test(chosen.name)) errors.draft = t.badType;
        else if (chosen.size > DRAFT_MAX_BYTES) errors.draft = t.tooLarge(DRAFT_MAX_BYTES / 1024);
        else bytes = new Uint8Array(await chosen.arrayBuffer());
      } else if (!html.value.trim()) errors.draft = t.required;
      else if (!/<[^>]+>/.test(html.value)) errors.draft = t.notHtml;
      else bytes = new TextEncoder().encode(html.value);
      if (Object.keys(errors).length > 0 || !bytes || !fromAt || !toAt) return showErrors(errors, controls, t);

      submit.disabled = true;
      announce(t.sending);
      try {
        const name = partyOf().party.name;
        await api.request({ organisationId: partner.value, logoHash: logo.value, medium: medium.value, from: parisIso(fromAt), to: parisIso(toAt), draft: toBase64(bytes) });
        html.value = "";
        file.value = "";
        await done(name);
      } catch (error) {
        if (error instanceof FieldProblem && Object.keys(error.fields).length > 0) {
          showErrors(Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [k, v.join(" ")])), controls, t);
        } else announce(error instanceof FieldProblem && error.message ? error.message : t.failed, "error");
      } finally {
        submit.disabled = false;
      }
    })();
  });
  return form;
}

function requestTable(requests: BatRequestView[], names: Map<string, string>, t: BatStrings, media: Record<string, string>, language: string): HTMLElement {
  const day = parisFormat(language, { dateStyle: "medium" });
  // The stored end is exclusive (midnight after the last day): show the day before it.
  const lastDay = (iso: string) => day.format(new Date(new Date(iso).getTime() - 1000));
  return h("table", { id: "bat-requests" },
    h("caption", {}, t.listCaption(requests.length)),
    h("thead", {}, h("tr", {}, ...[t.colPartner, t.colMedium, t.colPeriod, t.colStatus, t.colAsked, t.colComment].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, ...requests.map((r) => h("tr", { "data-status": r.status },
      h("th", { scope: "row" }, names.get(r.organisationId) ?? r.organisationId),
      h("td", {}, media[r.medium] ?? r.medium),
      h("td", {}, t.period(day.format(new Date(r.from)), lastDay(r.to))),
      h("td", {}, t.status[r.status] ?? r.status),
      h("td", {}, day.format(new Date(r.createdAt))),
      h("td", {}, r.comment ?? t.none)))));
}

export function batLabel(language: string): string {
  return batStrings(language).nav;
}
