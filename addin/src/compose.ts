/* global Office */
// The compose APIs the pane uses (PLATFORM.md §7), each wrapped in a promise. Nothing else touches office.js.
import type { BodyType } from "./mentions";

function settle<T>(start: (callback: (result: Office.AsyncResult<T>) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    start((result) => {
      if (result.status === Office.AsyncResultStatus.Succeeded) resolve(result.value);
      else reject(new Error(result.error?.message ?? "office.js call failed"));
    });
  });
}

function item(): Office.MessageCompose {
  return Office.context.mailbox.item as Office.MessageCompose;
}

export function hasComposeItem(): boolean {
  return typeof Office !== "undefined" && Boolean(Office.context?.mailbox?.item);
}

const coercion = (type: BodyType): Office.CoercionType =>
  type === "html" ? Office.CoercionType.Html : Office.CoercionType.Text;

/** Mailbox 1.1: check the body format before writing (HTML into a text body fails). */
export async function bodyType(): Promise<BodyType> {
  const type = await settle<Office.CoercionType>((cb) => item().body.getTypeAsync(cb));
  return type === Office.CoercionType.Html ? "html" : "text";
}

/** Mailbox 1.3 */
export function getBody(type: BodyType): Promise<string> {
  return settle<string>((cb) => item().body.getAsync(coercion(type), cb));
}

/** Mailbox 1.3: replaces the whole body. */
export function setBody(content: string, type: BodyType): Promise<void> {
  return settle<void>((cb) => item().body.setAsync(content, { coercionType: coercion(type) }, cb));
}

/** Mailbox 1.1: inserts at the cursor (replacing the selection, if any). */
export function insertAtCursor(content: string, type: BodyType): Promise<void> {
  return settle<void>((cb) =>
    item().body.setSelectedDataAsync(content, { coercionType: coercion(type) }, cb)
  );
}

/** Mailbox 1.1 */
export function subject(): Promise<string> {
  return settle<string>((cb) => item().subject.getAsync(cb));
}

/** Mailbox 1.8: an inline attachment, referenced from the body as cid:<name>. Resolves to the attachment id. */
export function addInlineImage(base64: string, name: string): Promise<string> {
  return settle<string>((cb) =>
    item().addFileAttachmentFromBase64Async(base64, name, { isInline: true }, cb)
  );
}

export function displayLanguage(): string | undefined {
  return typeof Office !== "undefined" ? Office.context?.displayLanguage : undefined;
}

/** Mailbox 1.8: the message's inline attachments (the images its body shows), by id and name. */
export async function inlineAttachments(): Promise<{ id: string; name: string }[]> {
  const all = await settle<Office.AttachmentDetailsCompose[]>((cb) =>
    item().getAttachmentsAsync(cb)
  );
  return all.filter((a) => a.isInline).map((a) => ({ id: a.id, name: a.name }));
}

/** Mailbox 1.8: an attachment's bytes, as base64. */
export async function attachmentBase64(id: string): Promise<string> {
  const content = await settle<Office.AttachmentContent>((cb) =>
    item().getAttachmentContentAsync(id, cb)
  );
  if (content.format !== Office.MailboxEnums.AttachmentContentFormat.Base64)
    throw new Error("not a file attachment");
  return content.content;
}
