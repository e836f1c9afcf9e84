import { parse } from "node-html-parser";

/** A form on a page, as a browser would send it: its fields' current values and its submit buttons. */
export interface PageForm {
  method: "get" | "post";
  action: string;
  /** Each field's name and value in document order, as the browser submits them (the CSRF token included). */
  fields: [string, string][];
  /** The named submit buttons (`intent=save`): a browser adds the one pressed. */
  submitters: [string, string][];
}

/**
 * The forms of a page (POST forms unless `method` says otherwise), with what each would send unchanged.
 * `pathname` is the page's own address.
 */
export function pageForms(html: string, pathname: string, method: "get" | "post" = "post"): PageForm[] {
  const root = parse(html);
  return root.querySelectorAll("form").flatMap((form) => {
    if ((form.getAttribute("method") ?? "get").toLowerCase() !== method) return [];
    const fields: [string, string][] = [];
    const submitters: [string, string][] = [];
    for (const element of form.querySelectorAll("input, select, textarea, button")) {
      const name = element.getAttribute("name");
      if (!name || element.hasAttribute("disabled")) continue;
      const tag = element.tagName.toLowerCase();
      const type = (element.getAttribute("type") ?? (tag === "button" ? "submit" : "text")).toLowerCase();
      if (tag === "button" || type === "submit") {
        submitters.push([name, element.getAttribute("value") ?? ""]);
      } else if (tag === "select") {
        const options = element.querySelectorAll("option");
        const chosen = options.find((o) => o.hasAttribute("selected")) ?? options[0];
        if (chosen) fields.push([name, chosen.getAttribute("value") ?? chosen.text]);
      } else if (tag === "textarea") {
        fields.push([name, element.text]);
      } else if (type === "checkbox" || type === "radio") {
        if (element.hasAttribute("checked")) fields.push([name, element.getAttribute("value") ?? "on"]);
      } else if (type !== "file" && type !== "reset" && type !== "button") {
        fields.push([name, element.getAttribute("value") ?? ""]);
      }
    }
    const action = form.getAttribute("action") || pathname;
    return [{ method, action, fields, submitters }];
  });
}

/** The fields of a form with some replaced or added, as a urlencoded body. */
export function formBody(fields: [string, string][], changes: Record<string, string> = {}): string {
  const body = new URLSearchParams();
  const seen = new Set<string>();
  for (const [name, value] of fields) {
    if (name in changes) {
      if (!seen.has(name)) body.append(name, changes[name]!);
      seen.add(name);
    } else body.append(name, value);
  }
  for (const [name, value] of Object.entries(changes)) if (!seen.has(name)) body.append(name, value);
  return body.toString();
}
