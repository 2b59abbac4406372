/**
 * Codemod for issue 19 (ADR 042): every function that runs a database statement becomes async, and
 * every call of such a function is awaited, to a fixpoint (callbacks of db.transaction and
 * cachedUntilChange included; .map callbacks get Promise.all). It prints, for a person to do, what it
 * cannot do safely: async callbacks in .filter/.forEach/expect(() => …), methods of object literals,
 * functions passed as values. It edits text only at the end, so every position it computed holds.
 *
 * Not part of the app or the tests. Run on a clean tree, then fix what tsc and the printed list show:
 *   npm install --no-save ts-morph@25 && node scripts/codemods/async-db.mjs "$PWD" > async-todo.txt
 *
 * Tried on 2026-12-07 (c13d79b): 321 functions run statements, 1,102 became async, in 183 files;
 * 112 type errors and about 430 printed places were left to do by hand.
 */
import { Project, SyntaxKind, Node } from "ts-morph";
import path from "node:path";

const root = process.argv[2];
const project = new Project({ tsConfigFilePath: path.join(root, "tsconfig.json") });
const inScope = (f) => {
  const p = f.getFilePath();
  return p.startsWith(root) && !p.includes("/node_modules/") && !p.includes("/build") && /\/(app|tests|scripts|db|server)\//.test(p) && !p.endsWith(".d.ts");
};
const files = project.getSourceFiles().filter(inScope);
console.error("files", files.length);

const isFn = (n) => Node.isFunctionDeclaration(n) || Node.isArrowFunction(n) || Node.isFunctionExpression(n) || Node.isMethodDeclaration(n);
const fnOf = (n) => n.getFirstAncestor(isFn);
/** Is `fn` the callback of better-sqlite3's own transaction (db.$client.transaction(fn)), which must stay synchronous? */
const isRawTransactionCallback = (fn) => {
  const parent = fn.getParent();
  return Node.isCallExpression(parent) && /\$client\.transaction$/.test(parent.getExpression().getText());
};
const EXEC = new Set(["get", "all", "run", "values", "iterate"]);
const flags = [];
const flag = (node, why) =>
  flags.push(
    `${path.relative(root, node.getSourceFile().getFilePath())}:${node.getStartLineNumber()}: ${why}: ${node.getText().slice(0, 90).replace(/\s+/g, " ")}`,
  );

function isDbExec(call, name, recv) {
  const t = recv.getType();
  const sym = (t.getSymbol() ?? t.getAliasSymbol())?.getName() ?? "";
  const alias = t.getAliasSymbol()?.getName() ?? "";
  const text = t.getText(recv);
  const isDb = /BetterSQLite3Database|SQLiteTransaction|BaseSQLiteDatabase/.test(text) || alias === "Db" || text === "Db" || /^(Db|TestDb\["db"\])$/.test(text);
  if (name === "transaction") return isDb;
  if (isDb) return true;
  if (/^SQLite/.test(sym) && call.getArguments().length === 0) return true;
  if (sym === "Statement") return true;
  return false;
}

const marked = new Set();
const queue = [];
function mark(fn) {
  if (!fn || marked.has(fn)) return;
  marked.add(fn);
  queue.push(fn);
}

// Roots.
for (const f of files) {
  for (const call of f.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const e = call.getExpression();
    if (!Node.isPropertyAccessExpression(e)) continue;
    const name = e.getName();
    if (EXEC.has(name) || name === "transaction") {
      if (!isDbExec(call, name, e.getExpression())) continue;
      const fn = fnOf(call);
      if (!fn) {
        flag(call, "statement outside a function");
        continue;
      }
      // A raw better-sqlite3 transaction's callback stays synchronous.
      if (isRawTransactionCallback(fn)) {
        mark(fnOf(fn.getParent()), "raw tx");
        continue;
      }
      mark(fn, name);
    }
  }
}
console.error("roots", marked.size);

const ARRAY_OK = new Set(["map"]);
const ARRAY_BAD = new Set(["filter", "some", "every", "find", "findIndex", "sort", "reduce", "flatMap", "forEach"]);
const ASYNC_OK_CALLERS = /^(it|test|beforeEach|afterEach|beforeAll|afterAll|it\.each\(.*\)|test\.each\(.*\))$/;

const edits = new Map(); // file -> [{pos, text, seq}]
let seq = 0;
function edit(node, pos, text) {
  const f = node.getSourceFile().getFilePath();
  if (!edits.has(f)) edits.set(f, []);
  edits.get(f).push({ pos, text, seq: seq++ });
}
const awaited = new Set();
function awaitCall(call) {
  const parent = call.getParent();
  if (Node.isAwaitExpression(parent) || awaited.has(call)) return;
  awaited.add(call);
  const needsParens =
    Node.isPropertyAccessExpression(parent) || Node.isElementAccessExpression(parent) || (Node.isCallExpression(parent) && parent.getExpression() === call);
  if (needsParens) {
    edit(call, call.getStart(), "(await ");
    edit(call, call.getEnd(), ")");
  } else edit(call, call.getStart(), "await ");
}
const madeAsync = new Set();
function makeAsync(fn) {
  if (fn.isAsync() || madeAsync.has(fn)) return;
  madeAsync.add(fn);
  let pos;
  if (Node.isFunctionDeclaration(fn) || Node.isFunctionExpression(fn)) pos = fn.getFirstChildByKind(SyntaxKind.FunctionKeyword).getStart();
  else if (Node.isMethodDeclaration(fn)) pos = fn.getNameNode().getStart();
  else pos = fn.getStart();
  edit(fn, pos, "async ");
  const rt = fn.getReturnTypeNode();
  if (rt && !/^Promise</.test(rt.getText())) {
    edit(fn, rt.getStart(), "Promise<");
    edit(fn, rt.getEnd(), ">");
  }
}

let rounds = 0;
while (queue.length) {
  rounds++;
  const fn = queue.shift();
  makeAsync(fn);
  // Who calls it?
  let nameNode;
  if (Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn)) nameNode = fn.getNameNode();
  else {
    const p = fn.getParent();
    if (Node.isVariableDeclaration(p)) nameNode = p.getNameNode();
    else if (Node.isPropertyAssignment(p)) {
      flag(fn, "object method became async");
      continue;
    } else if (Node.isCallExpression(p)) {
      // fn is a callback argument
      const callee = p.getExpression();
      const calleeText = callee.getText();
      const last = Node.isPropertyAccessExpression(callee) ? callee.getName() : calleeText;
      if (last === "transaction") {
        const outerFn = fnOf(p);
        if (outerFn) {
          awaitCall(p);
          mark(outerFn, "tx");
        } else flag(p, "tx outside fn");
        continue;
      }
      if (ASYNC_OK_CALLERS.test(calleeText)) continue;
      if (ARRAY_OK.has(last) && Node.isPropertyAccessExpression(callee)) {
        const outerFn = fnOf(p);
        const par = p.getParent();
        if (Node.isAwaitExpression(par)) {
          flag(p, "awaited map?");
          continue;
        }
        edit(p, p.getStart(), "(await Promise.all(");
        edit(p, p.getEnd(), "))");
        if (outerFn) mark(outerFn, "map");
        else flag(par, "map outside fn");
        continue;
      }
      if (ARRAY_BAD.has(last)) {
        flag(p, `async callback in .${last}`);
        continue;
      }
      if (calleeText === "cachedUntilChange" || calleeText.endsWith("cachedUntilChange")) {
        const outerFn = fnOf(p);
        awaitCall(p);
        if (outerFn) mark(outerFn, "cache");
        continue;
      }
      flag(p, `async callback passed to ${calleeText}`);
      continue;
    } else {
      flag(fn, `async fn in ${p.getKindName()}`);
      continue;
    }
  }
  if (!nameNode) continue;
  let refs;
  try {
    refs = nameNode.findReferencesAsNodes();
  } catch {
    flag(fn, "refs failed");
    continue;
  }
  for (const ref of refs) {
    if (!inScope(ref.getSourceFile())) continue;
    if (ref === nameNode) continue;
    const parent = ref.getParent();
    let call;
    if (Node.isCallExpression(parent) && parent.getExpression() === ref) call = parent;
    else if (
      Node.isPropertyAccessExpression(parent) &&
      parent.getNameNode() === ref &&
      Node.isCallExpression(parent.getParent()) &&
      parent.getParent().getExpression() === parent
    )
      call = parent.getParent();
    if (!call) {
      const k = parent.getKindName();
      if (/Import|Export/.test(k)) continue;
      flag(ref, `reference not called (${k})`);
      continue;
    }
    const caller = fnOf(call);
    if (!caller) {
      flag(call, "call outside a function");
      continue;
    }
    // A raw better-sqlite3 transaction or a sync-only callback?
    if (isRawTransactionCallback(caller)) {
      flag(call, "async call inside a raw SQLite transaction");
      continue;
    }
    awaitCall(call);
    mark(caller, "caller");
  }
}
console.error("rounds", rounds, "async functions", marked.size);
import fs from "node:fs";
for (const [file, list] of edits) {
  let text = fs.readFileSync(file, "utf8");
  // Later positions first; at one position, the later-recorded edit goes first in the text for openers.
  list.sort((a, b) => b.pos - a.pos || a.seq - b.seq);
  for (const e of list) text = text.slice(0, e.pos) + e.text + text.slice(e.pos);
  fs.writeFileSync(file, text);
}
console.error("files edited", edits.size);
console.log(flags.join("\n"));
