/** Test helper: a small XML well-formedness check (tags nest and close, attributes quoted, entities known). */
export function xmlErrors(doc: string): string[] {
  const errors: string[] = [];
  const body = doc.replace(/^<\?xml[^?]*\?>\s*/, "");
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->/g;
  let last = 0;
  let m: RegExpExecArray | null;
  const checkText = (t: string) => {
    if (/[<>]/.test(t)) errors.push(`stray < or > in text: ${t.slice(0, 40)}`);
    for (const e of t.match(/&[^;\s]*;?/g) ?? []) if (!/^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);$/.test(e)) errors.push(`bad entity ${e}`);
  };
  while ((m = tag.exec(body)) !== null) {
    checkText(body.slice(last, m.index));
    last = tag.lastIndex;
    if (m[0].startsWith("<!--")) continue;
    const [, close, name, attrs, self] = m;
    for (const e of attrs!.match(/&[^;\s"]*;?/g) ?? []) if (!/^&(amp|lt|gt|quot|apos|#\d+);$/.test(e)) errors.push(`bad entity in attribute ${e}`);
    const names = [...attrs!.matchAll(/([\w:-]+)=/g)].map((a) => a[1]);
    if (new Set(names).size !== names.length) errors.push(`duplicate attribute in <${name}>`);
    if (close) {
      const open = stack.pop();
      if (open !== name) errors.push(`</${name}> closes <${open}>`);
    } else if (!self) stack.push(name!);
  }
  checkText(body.slice(last));
  if (stack.length) errors.push(`unclosed: ${stack.join(", ")}`);
  if (!/^\s*<svg[\s>]/.test(body)) errors.push("root is not <svg>");
  return errors;
}

/** Attribute maps of every `<name .../>` element in an SVG string. */
export function elements(svg: string, name: string): Record<string, string>[] {
  return [...svg.matchAll(new RegExp(`<${name}\\s([^>]*?)/?>`, "g"))].map((m) => Object.fromEntries([...m[1]!.matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])));
}
