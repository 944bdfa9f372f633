import { SchematicsException } from '@angular-devkit/schematics';

/** The spellings of one generated element's name, from `PaymentGateway` or `payment-gateway`. */
export interface ElementNames {
  /** File and policy name, kebab-case: `payment-gateway`. */
  fileName: string;
  /** Class name stem: `PaymentGateway`. */
  className: string;
  /** Variable name stem: `paymentGateway`. */
  propertyName: string;
  /** Constant name stem: `PAYMENT_GATEWAY`. */
  constantName: string;
  /** The policy's key in an object literal, quoted when not an identifier: `'payment-gateway'`. */
  policyKey: string;
}

/** A name split from the folders written before it: `billing/payments` -> `billing`, `payments`. */
export interface ParsedName {
  names: ElementNames;
  /** Folders given in the name itself, joined with `/`; empty when none. */
  folder: string;
}

const KEBAB_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Kebab-case, as the Nest CLI normalises names: camelCase, spaces and underscores become dashes. */
export function toKebabCase(raw: string): string {
  return raw
    .trim()
    .replace(/([a-z\d])([A-Z])/g, '$1-$2')
    .replace(/[\s_]+/g, '-')
    .toLowerCase();
}

/** The spellings of `raw`; fails on a name that cannot become a class and a file name. */
export function namesOf(raw: string): ElementNames {
  const fileName = toKebabCase(raw);
  if (!KEBAB_NAME.test(fileName)) {
    throw new SchematicsException(
      `Invalid name "${raw}": use letters, digits and dashes, starting with a letter (e.g. payments or payment-gateway).`,
    );
  }
  const words = fileName.split('-');
  const className = words.map((word) => word[0].toUpperCase() + word.slice(1)).join('');
  return {
    fileName,
    className,
    propertyName: className[0].toLowerCase() + className.slice(1),
    constantName: words.join('_').toUpperCase(),
    policyKey: /^[a-z][a-z0-9]*$/.test(fileName) ? fileName : `'${fileName}'`,
  };
}

/** Splits the folders off a name given as a path (`nest g client billing/payments`). */
export function parseName(raw: string): ParsedName {
  const parts = raw.split('/').filter((part) => part !== '' && part !== '.');
  const last = parts.pop();
  if (last === undefined) throw new SchematicsException('A name is required, e.g. payments.');
  return { names: namesOf(last), folder: parts.map(toKebabCase).join('/') };
}
