/**
 * Sinks: one module per place outside text is written, each owning the escaping that place needs.
 * Terraform JSON ({@link terraformLiteral}), the terminal and annotations ({@link forTerminal}) and
 * Markdown ({@link inlineCode}). Every value from outside goes through the sink it is written to.
 */
export { engineUnsafeReason, terraformLiteral, terraformLiteralDeep, fromTerraformLiteral } from './terraform';
export { forTerminal, hasUnsafeCharacters, quoteForMessage, MAX_QUOTED_LENGTH } from './terminal';
export { inlineCode, hiddenMarker } from './markdown';
