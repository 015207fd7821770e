// Stand-in: solution-service-qcm.js (api/lib) imports lodash-utils from api/lib/infrastructure/utils, whose
// stored copy is older than the api/src one. Re-export the api/src module (its areCSVequivalent).
export { _ } from '../../../src/shared/infrastructure/utils/lodash-utils.js';
