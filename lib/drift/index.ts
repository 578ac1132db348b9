/**
 * Drift: comparing mapping states (two sources, or live against expectations) and rendering
 * the result as Markdown or JSON reports.
 * @packageDocumentation
 */
export {
  diffMappings,
  hasMappingChanges,
  type ChangedMapping,
  type MappingDiff,
  type MappingPlacement,
} from '../reports/diff';
export {
  compareWithExpectations,
  normalizeExpectations,
  type CompareOptions,
  type Expectation,
  type ExpectationDrift,
  type MismatchedExpectation,
} from '../expectations/compare';
export { parseExpectationsFile, type ExpectationsFile } from '../expectations/file';
export { mappingsOf, type MappingEntry, type MappingSetLike, type ZoneMappingSet } from '../model/mapping-set';
export { looksLikePlan, zonesFromPlan, type PlannedSide, type PlannedZone } from '../readers/plan';
export {
  buildDiffReport,
  reportHasDrift,
  zoneHasChanges,
  type CheckReport,
  type DiffReport,
  type DiffSide,
  type DriftReport,
  type RecordedVerdict,
  type RegionSupport,
  type SupportChange,
  type VerdictChange,
  type ZoneCheckReport,
  type ZoneDiffReport,
} from '../reports/report';
export { JSON_REPORT_FORMAT, JSON_REPORT_VERSION, renderJsonReport, toJson } from '../reports/json';
export {
  DEFAULT_ROW_LIMIT,
  MAX_COMMENT_LENGTH,
  commentMarker,
  defaultCommentId,
  isValidCommentId,
  renderMarkdownReport,
  type MarkdownReportOptions,
} from '../reports/markdown';
export {
  ACCEPTED_SOURCES,
  InvalidMappingSourceError,
  MappingSourceNotFoundError,
  UnknownMappingSourceError,
} from '../errors/mapping-source';
export {
  readMappingSource,
  readPlanSides,
  type MappingSource,
  type MappingSourceKind,
  type PlanSides,
} from '../readers/mapping-source';
export { zonesFromStack, type StackZone, type ZoneOutputsRead } from '../readers/stack-outputs';
export { markerDigest, markerTriggers, type MarkerDigest } from '../model/drift-marker';
