/**
 * The council's funding settings (officers), as routes call them (ADR 20): the schemes (schemes.server.ts) and the
 * reasons a decision can give (reasons.server.ts).
 */
export { type EvidenceItem, type ReasonSummary, type SchemeDetail, type SchemeRules, type SchemeSummary, checklistWithKeys, createScheme, getScheme, listFundingSettings, slugKey, updateScheme } from "./schemes.server.ts";
export { addReason, getReason, renameReason, setReasonActive } from "./reasons.server.ts";
