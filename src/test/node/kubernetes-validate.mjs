// Validates Kubernetes manifests against the Kubernetes API's own schemas, as the API server
// would with strict field validation (kubectl's default):
//   node kubernetes-validate.mjs OUT.json FILE.yaml...
// Every YAML document of every FILE is read as Kubernetes reads YAML (1.1: an unquoted `on` or `no`
// is a boolean, not a string), its apiVersion and kind pick the model of kubernetes-models (its
// validators are generated from the upstream OpenAPI definitions), and it is checked with that
// model's validator. Those schemas allow fields they do not name, which the API server refuses, so
// the validator runs on a view of the document that records every field it reads: a field that it
// never read is one the schema does not have. OUT.json gets one entry per document, with its
// errors (none when valid) and the document itself; the exit code is 0 unless this script failed.
import { readFileSync, writeFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const [out, ...files] = process.argv.slice(2);
if (!out || files.length === 0) {
  console.error("usage: node kubernetes-validate.mjs OUT.json FILE.yaml...");
  process.exit(2);
}

const results = [];
for (const file of files) {
  const documents = parseAllDocuments(readFileSync(file, "utf8"), {
    version: "1.1",
    uniqueKeys: true,
    strict: true,
  });
  for (const [index, document] of documents.entries()) {
    const problems = [...document.errors, ...document.warnings].map((e) => `YAML: ${e.message}`);
    const object = problems.length === 0 ? document.toJS({ maxAliasCount: 0 }) : null;
    if (object === null && problems.length === 0) {
      continue;
    }
    results.push({
      file,
      index,
      apiVersion: object?.apiVersion ?? null,
      kind: object?.kind ?? null,
      name: object?.metadata?.name ?? null,
      errors: problems.length > 0 ? problems : await validate(object),
      object,
    });
  }
}
writeFileSync(out, JSON.stringify(results, null, 1));

async function validate(object) {
  if (typeof object !== "object" || Array.isArray(object)) {
    return ["not a Kubernetes object: " + JSON.stringify(object)];
  }
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    return ["apiVersion and kind must be strings"];
  }
  let model;
  try {
    model = (await import(`kubernetes-models/${apiVersion}`))[kind];
  } catch (e) {
    model = undefined;
  }
  if (typeof model !== "function" || model.apiVersion !== apiVersion || model.kind !== kind) {
    return [`no schema for ${apiVersion} ${kind}`];
  }
  const reads = new Map();
  const view = tracked(object, reads, new WeakMap());
  const errors = [];
  try {
    model.prototype.validate.call(view);
  } catch (e) {
    if (!Array.isArray(e.errors)) {
      throw e;
    }
    for (const error of e.errors) {
      errors.push(`${error.instancePath || "/"} ${error.message} ${JSON.stringify(error.params)}`);
    }
  }
  unread(object, "", reads, errors);
  return errors;
}

function tracked(value, reads, proxies) {
  if (value === null || typeof value !== "object") {
    return value;
  }
  if (!proxies.has(value)) {
    reads.set(value, new Set());
    const read = (key) => typeof key === "string" && reads.get(value).add(key);
    proxies.set(
      value,
      new Proxy(value, {
        get(target, key) {
          read(key);
          return tracked(Reflect.get(target, key), reads, proxies);
        },
        has(target, key) {
          read(key);
          return Reflect.has(target, key);
        },
      }),
    );
  }
  return proxies.get(value);
}

function unread(value, path, reads, errors) {
  if (value === null || typeof value !== "object" || !reads.has(value)) {
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    const where = `${path}/${key}`;
    if (!Array.isArray(value) && !reads.get(value).has(key)) {
      errors.push(`${where} is not a field of the schema`);
    } else {
      unread(child, where, reads, errors);
    }
  }
}
