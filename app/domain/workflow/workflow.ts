import { type Permission, type Role, roleCan } from "../access/roles.ts";

/**
 * How a case with states is declared (ADR 20): its states and, for each step, the states it may start from,
 * the state it leads to, the permission it needs, the timeline event it writes and who is told. Client-safe:
 * the pages' "what can I do here" (`canFlags`) and a route's intent table (`intentsOf`) come from the same
 * declaration the engine (engine.server.ts) runs.
 */
export interface StepDeclaration<S extends string, A extends string = string> {
  /** The states the step may start from; any other is refused with where the case is now. */
  from: readonly S[];
  /** The state it leads to; omitted: it stays where it is (a saved draft), or the step decides (a decision's outcome). */
  to?: S;
  permission: Permission;
  /** The timeline event (and the audit action after the workflow's name); omitted: no event (a draft saved). */
  event?: string;
  /** Who is told, by audience (the area resolves each to people on the server); empty: nobody. */
  tell: readonly A[];
  /** The value of the form's `intent` field that asks for this step, when a page posts it. */
  intent?: string;
}

export interface WorkflowDeclaration<S extends string, K extends string, A extends string = string> {
  /** The kind of case: the audit log's subject type and the prefix of its actions ("funding_request"). */
  name: string;
  states: readonly S[];
  steps: { readonly [key in K]: StepDeclaration<S, A> };
}

/** Declares a workflow: checks at compile time that every step names only the workflow's states. */
export function declareWorkflow<const S extends string, const K extends string, const A extends string>(
  declaration: WorkflowDeclaration<S, K, A>,
): WorkflowDeclaration<S, K, A> {
  return declaration;
}

/** Whether someone in `role` may take `step` on a case in `state`: the step's permission and its starting states. */
export function mayTake<S extends string, K extends string>(workflow: WorkflowDeclaration<S, K>, step: K, role: Role, state: S): boolean {
  const declared = workflow.steps[step];
  return roleCan(role, declared.permission) && declared.from.includes(state);
}

/** Every step as a flag: what the page offers someone in `role` on a case in `state`. */
export function canFlags<S extends string, K extends string>(workflow: WorkflowDeclaration<S, K>, role: Role, state: S): Record<K, boolean> {
  return Object.fromEntries((Object.keys(workflow.steps) as K[]).map((step) => [step, mayTake(workflow, step, role, state)])) as Record<K, boolean>;
}

/** The steps a page posts, by their form intent: `{ sign_off: "signOff", ... }`. */
export function intentsOf<S extends string, K extends string>(workflow: WorkflowDeclaration<S, K>): Record<string, K> {
  const intents: Record<string, K> = {};
  for (const step of Object.keys(workflow.steps) as K[]) {
    const intent = workflow.steps[step].intent;
    if (intent) intents[intent] = step;
  }
  return intents;
}
