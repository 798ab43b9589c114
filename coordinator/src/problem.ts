// One JSON call with the session's credentials for the views' own API modules (bat-api.ts, waves-api.ts). A refusal
// becomes a FieldProblem: its status, the server's sentence (RFC 7807 detail or title) and, for a 400
// ValidationProblem, the message of each field, so a form can show each message beside its field.
import { ApiError, type Credentials } from "./api";

export class FieldProblem extends ApiError {
  constructor(status: number, message: string, readonly fields: Record<string, string[]>) {
    super(status, message);
  }
}

export async function callJson<T>(credentials: Credentials, language: string, method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { ...(await credentials()), "Accept-Language": language, Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }), cache: "no-store" });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const o = (typeof json === "object" && json !== null ? json : {}) as Record<string, unknown>;
    const message = typeof o.detail === "string" ? o.detail : typeof o.title === "string" ? o.title : "";
    const fields: Record<string, string[]> = {};
    if (typeof o.errors === "object" && o.errors !== null) {
      for (const [key, value] of Object.entries(o.errors as Record<string, unknown>)) {
        if (Array.isArray(value)) fields[key.charAt(0).toLowerCase() + key.slice(1)] = value.filter((v): v is string => typeof v === "string");
      }
    }
    throw new FieldProblem(response.status, message, fields);
  }
  return json as T;
}
