// The local compose window (Development only; bot/Demo/ComposeDemo.cs serves it under /demo/compose): a draft with a
// subject and a body, and beside it the REAL task pane (the add-in's built taskpane.html, with office.js replaced by
// office-standin.js and the demo sign-in of signin.js), in a same-origin frame. The stand-in reads its configuration
// from this window (window.__officeStandin) and tells it of every change, so the draft shown here is the one the pane
// wrote: inline logos (cid:) are shown from their attachments. The body is shown in a sandboxed frame (no script).
(function () {
  "use strict";
  const STRINGS = {
    fr: {
      title: "Fenêtre de rédaction Outlook (démo locale)",
      intro:
        "Le vrai volet TutorBot, à droite, écrit dans ce brouillon à travers une doublure des API de rédaction d’Outlook. Cochez un partenariat puis « Insérer les mentions » : le corps du message change ci-dessous.",
      back: "Retour à la démo",
      draft: "Nouveau message",
      person: "Rédigé par (personne de démonstration)",
      format: "Format du corps",
      formatHtml: "HTML",
      formatText: "Texte brut",
      subject: "Objet",
      body: "Corps du message",
      attachments: "Pièces jointes incorporées",
      reset: "Recommencer le brouillon",
      pane: "Volet TutorBot",
      none: "Aucune",
      noPeople: "Connexion locale désactivée : lancez ./run.sh (Roster:LocalSignIn).",
      kind_coordinator: "coordination",
      kind_correspondent: "correspondant·e",
      defaultSubject: "Invitation : atelier « Parcours vers les écoles d’ingénieurs »",
      greeting: "Bonjour,",
      text: "Nous avons le plaisir de vous inviter à l’atelier du 12 février au lycée des Calanques.",
      signature: "Bien cordialement,",
    },
    en: {
      title: "Outlook compose window (local demo)",
      intro:
        "The real TutorBot pane, on the right, writes into this draft through a stand-in of Outlook's compose APIs. Tick a partnership, then “Insert the mentions”: the message body below changes.",
      back: "Back to the demo",
      draft: "New message",
      person: "Written by (demo person)",
      format: "Body format",
      formatHtml: "HTML",
      formatText: "Plain text",
      subject: "Subject",
      body: "Message body",
      attachments: "Inline attachments",
      reset: "Start the draft again",
      pane: "TutorBot pane",
      none: "None",
      noPeople: "Local sign-in is off: start ./run.sh (Roster:LocalSignIn).",
      kind_coordinator: "coordination",
      kind_correspondent: "correspondent",
      defaultSubject: "Invitation: “Paths to engineering schools” workshop",
      greeting: "Hello,",
      text: "We are pleased to invite you to the workshop on 12 February at the lycée des Calanques.",
      signature: "Kind regards,",
    },
  };
  const lang = (navigator.language || "fr").toLowerCase().startsWith("en") ? "en" : "fr";
  const t = (key) => STRINGS[lang][key];
  const $ = (id) => document.getElementById(id);
  let state = null;

  function applyStrings() {
    document.documentElement.lang = lang;
    document.title = `TutorBot : ${t("title")}`;
    for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
    for (const node of document.querySelectorAll("[data-i18n-title]")) node.title = t(node.dataset.i18nTitle);
  }

  /** The starting draft; the cursor sits after the invitation, before the signature. */
  function draft(format) {
    if (format === "text") {
      const before = `${t("greeting")}\n\n${t("text")}\n`;
      return { body: `${before}\n${t("signature")}\n`, cursor: before.length };
    }
    const before = `<p>${t("greeting")}</p><p>${t("text")}</p>`;
    return { body: `${before}<p>${t("signature")}</p>`, cursor: before.length };
  }

  const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

  /** Shows the draft as the pane left it: cid: images from their inline attachments. */
  function render(current) {
    const html = current.bodyType === "html";
    $("body").hidden = !html;
    $("body-text").hidden = html;
    if (html) {
      const images = new Map(current.attachments.filter((a) => a.isInline).map((a) => [a.name, a.base64]));
      const shown = current.body.replace(/src="cid:([^"]+)"/g, (all, name) => {
        const b64 = images.get(name);
        if (!b64) return all;
        const type = name.endsWith(".svg") ? "image/svg+xml" : "image/png";
        return `src="data:${type};base64,${b64}"`;
      });
      $("body").srcdoc = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(t("body"))}</title></head><body style="font-family:system-ui,sans-serif">${shown}</body></html>`;
    } else {
      $("body-text").textContent = current.body;
    }
    const list = $("attachments");
    list.replaceChildren(
      ...(current.attachments.length === 0
        ? [Object.assign(document.createElement("li"), { textContent: t("none") })]
        : current.attachments.map((a) =>
            Object.assign(document.createElement("li"), { textContent: `${a.name}${a.isInline ? " (inline)" : ""}` })
          ))
    );
  }

  /** A fresh draft and a fresh pane (the stand-in reads this configuration when the pane loads). */
  function restart() {
    const format = $("format").value;
    const { body, cursor } = draft(format);
    window.__officeStandin = {
      bodyType: format,
      body,
      cursor,
      subject: $("subject").value,
      displayLanguage: lang === "en" ? "en-GB" : "fr-FR",
      onStart(s) {
        state = s;
        render(s);
      },
      onChange: render,
    };
    const login = $("person").value;
    $("pane").src = `/demo/compose/taskpane.html?as=${encodeURIComponent(login)}`;
  }

  async function people() {
    try {
      const response = await fetch("/coordinator/local-people", { headers: { Accept: "application/json" } });
      if (!response.ok) return [];
      const all = await response.json();
      return all.filter((p) => p.kind === "coordinator" || p.kind === "correspondent");
    } catch {
      return [];
    }
  }

  async function start() {
    applyStrings();
    $("subject").value = t("defaultSubject");
    const found = await people();
    const select = $("person");
    if (found.length === 0) {
      select.append(Object.assign(document.createElement("option"), { value: "", textContent: t("noPeople") }));
    }
    for (const p of found) {
      select.append(Object.assign(document.createElement("option"), { value: p.login, textContent: `${p.name} — ${t(`kind_${p.kind}`)}` }));
    }
    select.addEventListener("change", restart);
    $("format").addEventListener("change", restart);
    $("reset").addEventListener("click", restart);
    $("subject").addEventListener("input", () => {
      if (state) state.subject = $("subject").value;
    });
    restart();
  }

  void start();
})();
