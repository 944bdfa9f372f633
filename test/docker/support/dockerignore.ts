/**
 * A `.dockerignore` as BuildKit reads it: each line a pattern relative to the context root
 * (`*` within one path segment, `**` across any number, `?` one character), `!` re-including,
 * the last matching line winning, and a matched directory taking everything under it along.
 */
export class DockerIgnore {
  private readonly rules: { exclude: boolean; pattern: RegExp }[];

  constructor(text: string) {
    this.rules = text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => {
        const exclude = !line.startsWith('!');
        const glob = (exclude ? line : line.slice(1)).trim().replace(/^\/+|\/+$/g, '');
        return { exclude, pattern: globToRegExp(glob) };
      });
  }

  /** Whether `path` (relative to the context root, `/`-separated) is left out of the build context. */
  excludes(path: string): boolean {
    const segments = path.split('/');
    // A path is excluded when the last rule matching it, or any of its parent directories, excludes.
    let excluded = false;
    for (const rule of this.rules) {
      for (let end = 1; end <= segments.length; end++) {
        if (rule.pattern.test(segments.slice(0, end).join('/'))) {
          excluded = rule.exclude;
          break;
        }
      }
    }
    return excluded;
  }
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '*' && glob[i + 1] === '*') {
      // `**/` matches zero or more whole directories; a trailing `**` anything below.
      source += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
