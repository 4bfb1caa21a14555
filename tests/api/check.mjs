// check.mjs - the API test's judge (tests/e2e_api.sh): the OpenAPI
// description must be valid OpenAPI 3.1, and every response recorded by
// the test must match the schema the description gives for its
// operation, status and media type.
//
// Usage: node check.mjs OPENAPI.json RESPONSES.jsonl
// Each line of RESPONSES: {"method", "path" (as requested), "status",
// "type" (Content-Type), "body" (parsed JSON, or null for a PDF)}.
import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [specFile, responsesFile] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specFile, "utf8"));
let failures = 0, checked = 0;
const fail = (msg) => { failures++; console.log("FAIL: " + msg); };

const v = new Validator();
const res = await v.validate(spec);
if (!res.valid) fail("openapi.json is not valid OpenAPI: " + JSON.stringify(res.errors).slice(0, 2000));

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(spec, "spec");

const deref = (o) => {
  while (o && o.$ref) {
    let x = spec;
    for (const p of o.$ref.replace(/^#\//, "").split("/"))
      x = x[p.replace(/~1/g, "/").replace(/~0/g, "~")];
    o = x;
  }
  return o;
};
const esc = (s) => s.replace(/~/g, "~0").replace(/\//g, "~1");

// the template of the spec's paths a concrete path matches
const base = (spec.servers && spec.servers[0].url) || "";
const templates = Object.keys(spec.paths);
const match = (path) => {
  const rel = path.split("?")[0].slice(base.length);
  for (const t of templates) {
    const re = new RegExp("^" + t.replace(/\{[^}]+\}/g, "[^/]+") + "$");
    if (re.test(rel)) return t;
  }
  return null;
};

for (const line of readFileSync(responsesFile, "utf8").split("\n")) {
  if (!line.trim()) continue;
  const r = JSON.parse(line);
  const where = `${r.method} ${r.path} ${r.status}`;
  if (r.path.endsWith("/openapi.json")) continue;
  const t = match(r.path);
  const op = t && spec.paths[t][r.method.toLowerCase()];
  if (!op) {
    // outside the description: it must say so as a problem, 404 or 405
    const problem = ajv.compile({ $ref: "spec#/components/schemas/Probleem" });
    if (![404, 405].includes(r.status)) fail(`${where}: not in the description, yet not 404 or 405`);
    else if (!(r.type || "").startsWith("application/problem+json") || !problem(r.body))
      fail(`${where}: not a problem+json`);
    checked++;
    continue;
  }
  const resp = op.responses[String(r.status)];
  if (!resp) { fail(`${where}: status ${r.status} is not described`); continue; }
  const type = (r.type || "").split(";")[0].trim();
  const media = deref(resp).content && deref(resp).content[type];
  if (!media) { fail(`${where}: media type ${type} is not described`); continue; }
  if (!r.headers || !r.headers["api-version"]) fail(`${where}: no API-Version header`);
  if (type === "application/pdf") { checked++; continue; }
  let pointer;
  if (resp.$ref)
    pointer = "spec#/" + resp.$ref.replace(/^#\//, "") + "/content/" + esc(type) + "/schema";
  else
    pointer = "spec#/paths/" + esc(t) + "/" + r.method.toLowerCase() + "/responses/" +
      r.status + "/content/" + esc(type) + "/schema";
  const validate = ajv.compile({ $ref: pointer });
  if (!validate(r.body)) fail(`${where}: ${ajv.errorsText(validate.errors)}`);
  checked++;
}
console.log(`api check: ${checked} responses against openapi.json, ${failures} failed`);
process.exit(failures ? 1 : 0);
