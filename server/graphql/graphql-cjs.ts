// The graphql-js copy mercurius uses. Mercurius require()s graphql's CommonJS build, and an ES
// import here gets its ES build: two copies of every class. The schema mercurius hands to its
// hooks was built by the CommonJS copy, and that copy's type checks (isListType, TypeInfo…)
// refuse objects of the other, so the steps that read that schema work with this one.
import { createRequire } from 'node:module';
import type * as GraphQLModule from 'graphql';

export const graphql = createRequire(import.meta.url)('graphql') as typeof GraphQLModule;
