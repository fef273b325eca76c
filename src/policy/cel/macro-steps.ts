import { CelScalar, celFunc, celList, isCelList } from '@bufbuild/cel';
import type { CelFunc, CelInput, parse } from '@bufbuild/cel';

type Parsed = ReturnType<typeof parse>;
type Expr = NonNullable<Parsed['expr']>;

/**
 * The function macro steps append with: a name no source can spell, so only the rewrite below
 * can call it.
 */
const APPEND = '@gangway.append';

/**
 * Appends the items of one list to another (both always lists: the accumulator of a `map` or
 * `filter` and the list literal of one item). The result is one flat list, where `_+_` nests one
 * more concatenation per item, which costs every later read of the list.
 */
export const macroStepFunctions: CelFunc[] = [
  celFunc(APPEND, [CelScalar.DYN, CelScalar.DYN], CelScalar.DYN, (list, items) => {
    if (!isCelList(list) || !isCelList(items)) throw new Error(`no such overload: ${APPEND}`);
    // By index: iterating a CelList runs a generator, reading by index does not.
    const out: CelInput[] = [];
    for (let i = 0; i < list.size; i++) out.push(list.get(i) ?? null);
    for (let i = 0; i < items.size; i++) out.push(items.get(i) ?? null);
    return celList(out);
  }),
];

type Call = Extract<Expr['exprKind'], { case: 'callExpr' }>['value'];

/**
 * Rewrites, in place, the accumulation step of the `map` and `filter` macros,
 * `@result + [item]`, into `@gangway.append(@result, [item])`: same value, cheaper to run.
 *
 * Why: the planner resolves `_+_` at every call by trying its overloads in turn (int, uint,
 * double, durations, timestamps, strings, bytes, then lists), and each failed try against a list
 * allocates a type descriptor; a macro runs that step once per item. The accumulator of these
 * macros starts as `[]` and only ever has lists appended, so the list overload is the only one
 * that can apply.
 */
export function appendInMacroSteps(expr: Expr | undefined): void {
  if (!expr) return;
  const kind = expr.exprKind;
  switch (kind.case) {
    case 'selectExpr':
      return appendInMacroSteps(kind.value.operand);
    case 'callExpr':
      appendInMacroSteps(kind.value.target);
      return kind.value.args.forEach(appendInMacroSteps);
    case 'listExpr':
      return kind.value.elements.forEach(appendInMacroSteps);
    case 'structExpr':
      for (const entry of kind.value.entries) {
        if (entry.keyKind.case === 'mapKey') appendInMacroSteps(entry.keyKind.value);
        appendInMacroSteps(entry.value);
      }
      return;
    case 'comprehensionExpr': {
      const c = kind.value;
      const init = c.accuInit?.exprKind;
      if (init?.case === 'listExpr' && init.value.elements.length === 0) {
        rewriteStep(c.loopStep, c.accuVar);
      }
      for (const part of [c.iterRange, c.accuInit, c.loopCondition, c.loopStep, c.result]) {
        appendInMacroSteps(part);
      }
      return;
    }
    default:
      return;
  }
}

/** The step `acc + [x]` (map) or `test ? acc + [x] : acc` (filter, and map with a filter). */
function rewriteStep(step: Expr | undefined, accumulator: string): void {
  if (step?.exprKind.case !== 'callExpr') return;
  const call = step.exprKind.value;
  if (call.function === '_?_:_') return rewriteStep(call.args[1], accumulator);
  if (isAppend(call, accumulator)) call.function = APPEND;
}

function isAppend(call: Call, accumulator: string): boolean {
  const [list, items] = call.args;
  return (
    call.function === '_+_' &&
    call.args.length === 2 &&
    list?.exprKind.case === 'identExpr' &&
    list.exprKind.value.name === accumulator &&
    items?.exprKind.case === 'listExpr'
  );
}
