export { SpecError } from "./errors.js";
export { loadDocument, type LoadedDocument } from "./load.js";
export { buildModel, type ApiModel, type OperationModel, type ResourceModel } from "./model.js";
export { generateSources, type GenerateResult } from "./generate.js";
export { writeFilesAtomically } from "./write.js";
export { applyOverlay } from "./specs/overlay.js";
export { queryJsonPath } from "./specs/jsonpath.js";
export { fetchPinnedSpec, SpecFetchError, sha256, MIRROR_VARIABLE, type UpstreamPin } from "./specs/fetch.js";
export { methodNameFor, singularize, toCamelCase, toPascalCase } from "./naming.js";
