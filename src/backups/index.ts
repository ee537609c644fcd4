/** The domain: model, codes, time, criteria, selection and parsing. No I/O. */
export * from "./codes";
export * from "./criteria";
export * from "./errors";
export type * from "./model";
export * from "./parse";
export * from "./select";
export * from "./time";
