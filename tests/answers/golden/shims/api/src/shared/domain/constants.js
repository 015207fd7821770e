// Stand-in for Pix's api/src/shared/domain/constants.js: only the constant services-utils.js imports
// (its value was inlined in earlier versions of services-utils.js: ['t1', 't2', 't3']).
export const ALL_TREATMENTS = ['t1', 't2', 't3'];
