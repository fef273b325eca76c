import type { parse } from '@bufbuild/cel';

type Parsed = ReturnType<typeof parse>;
type Expr = Parsed['expr'];

/**
 * What the compile-time walk found: problems, the `variables.<name>` an expression reads, and the
 * globals (`object`, `params`, ...) it names other than through `variables.<name>`.
 */
export interface StaticFindings {
  readonly problems: string[];
  readonly variables: Set<string>;
  readonly globals: Set<string>;
}

/** The names in scope, and whether a name is a function the environment knows. */
export interface StaticScope {
  readonly globals: ReadonlySet<string>;
  readonly declaredVariables: ReadonlySet<string>;
  hasFunction(name: string): boolean;
}

// Handled by the planner itself, not by the function resolver.
const PLANNER_FUNCTIONS = new Set([
  '_&&_',
  '_||_',
  '_?_:_',
  '_[_]',
  '_[?_]',
  '_?._',
  '@not_strictly_false',
  '__not_strictly_false__',
]);
// Type names may appear as identifiers: `type(x) == map`.
const TYPE_NAMES = new Set(['int', 'uint', 'double', 'bool', 'string', 'bytes', 'list', 'map']);
for (const name of ['null_type', 'type', 'dyn']) TYPE_NAMES.add(name);

const UNSUPPORTED: Readonly<Record<string, string>> = {
  authorizer: 'authorizer checks are not supported by gangway',
};

/**
 * Walks a parsed expression for what the planner only finds at run time: unknown identifiers,
 * unknown functions, and reads of undeclared variables. Kubernetes rejects these at creation.
 */
export function checkExpression(
  parsed: Parsed,
  source: string,
  scope: StaticScope,
): StaticFindings {
  const findings: StaticFindings = { problems: [], variables: new Set(), globals: new Set() };
  const at = locator(parsed, source);
  walk(parsed.expr, new Set(), { scope, findings, at });
  return findings;
}

interface Walk {
  readonly scope: StaticScope;
  readonly findings: StaticFindings;
  readonly at: (id: bigint) => string;
}

function walk(expr: Expr | undefined, locals: ReadonlySet<string>, w: Walk): void {
  if (!expr) return;
  const kind = expr.exprKind;
  switch (kind.case) {
    case 'identExpr':
      return checkIdent(kind.value.name, expr.id, locals, w);
    case 'selectExpr':
      return checkSelect(kind.value, locals, w);
    case 'callExpr':
      return checkCall(kind.value, expr.id, locals, w);
    case 'listExpr':
      return kind.value.elements.forEach((e) => walk(e, locals, w));
    case 'structExpr':
      for (const entry of kind.value.entries) {
        if (entry.keyKind.case === 'mapKey') walk(entry.keyKind.value, locals, w);
        walk(entry.value, locals, w);
      }
      return;
    case 'comprehensionExpr': {
      const c = kind.value;
      walk(c.iterRange, locals, w);
      walk(c.accuInit, locals, w);
      const inner = new Set([...locals, c.iterVar, c.iterVar2, c.accuVar].filter(Boolean));
      for (const part of [c.loopCondition, c.loopStep, c.result]) walk(part, inner, w);
      return;
    }
    default:
      return;
  }
}

function checkIdent(name: string, id: bigint, locals: ReadonlySet<string>, w: Walk): void {
  if (locals.has(name)) return;
  if (w.scope.globals.has(name)) {
    w.findings.globals.add(name);
    return;
  }
  if (TYPE_NAMES.has(name)) return;
  const why = UNSUPPORTED[name];
  w.findings.problems.push(`${w.at(id)}${why ?? `undeclared reference to '${name}'`}`);
}

type Select = Extract<Expr['exprKind'], { case: 'selectExpr' }>['value'];
type Call = Extract<Expr['exprKind'], { case: 'callExpr' }>['value'];

function checkSelect(select: Select, locals: ReadonlySet<string>, w: Walk): void {
  const operand = select.operand?.exprKind;
  if (
    operand?.case === 'identExpr' &&
    operand.value.name === 'variables' &&
    !locals.has('variables')
  ) {
    if (!w.scope.declaredVariables.has(select.field)) {
      const id = select.operand?.id ?? 0n;
      w.findings.problems.push(`${w.at(id)}undefined variable '${select.field}'`);
    }
    w.findings.variables.add(select.field);
    return;
  }
  walk(select.operand, locals, w);
}

function checkCall(call: Call, id: bigint, locals: ReadonlySet<string>, w: Walk): void {
  const qualified = call.target ? qualifiedName(call.target) : undefined;
  if (qualified && w.scope.hasFunction(`${qualified}.${call.function}`)) {
    return call.args.forEach((a) => walk(a, locals, w));
  }
  if (!PLANNER_FUNCTIONS.has(call.function) && !w.scope.hasFunction(call.function)) {
    const what = call.target ? 'method' : 'function';
    w.findings.problems.push(`${w.at(id)}undeclared reference to ${what} '${call.function}'`);
  }
  walk(call.target, locals, w);
  call.args.forEach((a) => walk(a, locals, w));
}

function qualifiedName(expr: Expr): string | undefined {
  const kind = expr.exprKind;
  if (kind.case === 'identExpr') return kind.value.name;
  if (kind.case !== 'selectExpr' || !kind.value.operand) return undefined;
  const prefix = qualifiedName(kind.value.operand);
  return prefix === undefined ? undefined : `${prefix}.${kind.value.field}`;
}

/** `line:column: ` of an expression id, from the parser's offsets. */
function locator(parsed: Parsed, source: string): (id: bigint) => string {
  const positions = parsed.sourceInfo?.positions ?? {};
  return (id) => {
    const offset = positions[Number(id)];
    if (offset === undefined) return '';
    const before = source.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return `${line}:${column}: `;
  };
}
