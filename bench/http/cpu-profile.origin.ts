/** A profile URL as a path: `file://` dropped, and `root/` too when given, so it reads as a repository path. */
export function pathOf(url: string, root: string | undefined): string {
  const path = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
  const prefix = root === undefined ? undefined : root.endsWith('/') ? root : `${root}/`;
  return prefix !== undefined && path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

/**
 * Who a function belongs to: `node_modules/<package>` (the last one in the path, scoped names
 * whole), Carta's `apps/<app>` or `libs/<lib>` (in dist/ or not), `node` for Node's own
 * JavaScript, and V8's entries (`(garbage collector)`, `(program)`) or `(native)` without a file.
 */
export function originOf(path: string, functionName = ''): string {
  if (path === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (path.startsWith('node:')) return 'node';
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [first, second] = path.slice(modules + 'node_modules/'.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  const own = /(?:^|\/)(apps|libs|bench|scripts)\/([^/]+)/.exec(path);
  return own ? (own[1] === 'apps' || own[1] === 'libs' ? `${own[1]}/${own[2]}` : own[1]) : path;
}

/** True for Carta's own code (apps/ or libs/, built or not): what an engineer of Carta can change. */
export const isOwnCode = (path: string): boolean =>
  !path.includes('node_modules/') && /(?:^|\/)(apps|libs)\//.test(path);
