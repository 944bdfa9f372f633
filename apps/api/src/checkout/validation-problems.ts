import type { ValidationError } from 'class-validator';

/**
 * One sentence per failed constraint, each naming the field by its full path
 * (`items.0.quantity must not be less than 1`), so a client can find what to fix.
 */
export function validationProblems(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((text) => {
      if (text.startsWith(`${error.property} `)) return `${path}${text.slice(error.property.length)}`;
      // The whitelist's "property x should not exist" names the field mid-sentence.
      if (text.startsWith(`property ${error.property} `))
        return `property ${path}${text.slice(9 + error.property.length)}`;
      return `${path}: ${text}`;
    });
    return [...own, ...validationProblems(error.children ?? [], path)];
  });
}
