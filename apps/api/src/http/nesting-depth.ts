/**
 * Whether `value` nests objects and arrays more than `maxDepth` levels deep (`{}` and `[]` are
 * one level, `{"a":[1]}` two). Iterative, so any depth is measured without recursion, and it
 * stops at the first container past the limit. Meant for parsed JSON: plain data, no cycles.
 */
export function nestingDepthExceeds(value: unknown, maxDepth: number): boolean {
  if (!isContainer(value)) return false;
  if (maxDepth < 1) return true;
  const pending: object[] = [value];
  const depths: number[] = [1];
  // Indexed loops and for-in rather than Object.values: no array per node, as every body
  // of the checkout's hot path goes through here.
  while (pending.length > 0) {
    const node = pending.pop() as Record<string, unknown> | unknown[];
    const depth = depths.pop() as number;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        if (!isContainer(node[i])) continue;
        if (depth === maxDepth) return true;
        pending.push(node[i] as object);
        depths.push(depth + 1);
      }
    } else {
      for (const key in node) {
        if (!isContainer(node[key])) continue;
        if (depth === maxDepth) return true;
        pending.push(node[key]);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

const isContainer = (value: unknown): value is object => typeof value === 'object' && value !== null;
