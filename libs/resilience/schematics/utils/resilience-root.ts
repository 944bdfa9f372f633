import * as ts from 'typescript';
import { findNodes, findProperty } from './source-file.js';

/** Where `ResilienceModule.forRoot(...)` sits, and whether its policies can be edited. */
export type ResilienceRoot =
  /** `forRoot({ ..., policies: { ... } })`: entries can be added to `policies`. */
  | { kind: 'policies'; policies: ts.ObjectLiteralExpression }
  /** `forRootAsync(...)`, or options or policies built elsewhere: only a person can edit them. */
  | { kind: 'opaque' };

/** The first `ResilienceModule.forRoot` or `forRootAsync` call of a file, classified. */
export function findResilienceRoot(source: ts.SourceFile): ResilienceRoot | undefined {
  const call = findNodes(source, ts.isCallExpression).find(isResilienceRootCall);
  if (call === undefined) return undefined;
  const method = (call.expression as ts.PropertyAccessExpression).name.text;
  const [options] = call.arguments;
  if (method !== 'forRoot' || !options || !ts.isObjectLiteralExpression(options)) return { kind: 'opaque' };
  const policies = findProperty(options, 'policies');
  return policies && ts.isObjectLiteralExpression(policies.initializer)
    ? { kind: 'policies', policies: policies.initializer }
    : { kind: 'opaque' };
}

/** Whether a `policies` object literal already has an entry under `name`. */
export function hasPolicy(policies: ts.ObjectLiteralExpression, name: string): boolean {
  return policies.properties.some((property) => {
    if (ts.isShorthandPropertyAssignment(property)) return property.name.text === name;
    if (!ts.isPropertyAssignment(property)) return false;
    const key = property.name;
    return (ts.isIdentifier(key) || ts.isStringLiteral(key)) && key.text === name;
  });
}

function isResilienceRootCall(call: ts.CallExpression): boolean {
  const callee = call.expression;
  return (
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'ResilienceModule' &&
    (callee.name.text === 'forRoot' || callee.name.text === 'forRootAsync')
  );
}
