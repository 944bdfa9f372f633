import type { Files } from './schematics-runner.js';

// The files of `nest new demo` (Nest CLI 12) that the generators read or edit.
const NEST_NEW_FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'demo', version: '0.0.1', private: true, type: 'module' }, null, 2),
  'nest-cli.json': JSON.stringify(
    { collection: '@nestjs/schematics', sourceRoot: 'src', compilerOptions: { deleteOutDir: true } },
    null,
    2,
  ),
  '.prettierrc': '{\n  "singleQuote": true,\n  "trailingComma": "all"\n}\n',
  'src/app.module.ts': `import { Module } from '@nestjs/common';
import { AppController } from './app.controller.js';
import { AppService } from './app.service.js';

@Module({
  imports: [],
  controllers: [AppController],
  providers: [AppService],
})
export class AppModule {}
`,
  'src/app.controller.ts': `import { Controller, Get } from '@nestjs/common';
import { AppService } from './app.service.js';

@Controller()
export class AppController {
  constructor(private readonly appService: AppService) {}

  @Get()
  getHello(): string {
    return this.appService.getHello();
  }
}
`,
  'src/app.service.ts': `import { Injectable } from '@nestjs/common';

@Injectable()
export class AppService {
  getHello(): string {
    return 'Hello World!';
  }
}
`,
  'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  await app.listen(process.env.PORT ?? 3000);
}
await bootstrap();
`,
};

/**
 * A project as `nest new demo` lays it out: ESM, `src/app.module.ts`, `src/main.ts`; `changes`
 * replace files, or remove them when null.
 */
export function nestNewApp(changes: Record<string, string | null> = {}): Files {
  const files: Record<string, string | null> = { ...NEST_NEW_FILES, ...changes };
  return Object.fromEntries(
    Object.entries(files).filter((entry): entry is [string, string] => entry[1] !== null),
  );
}

/**
 * A monorepo as `nest g app api` and `nest g lib shared` turn `nest new demo` into: apps `demo`
 * and `api` (whose root module is `api.module.ts`), library `shared`.
 */
export function nestMonorepo(): Files {
  const projects = {
    demo: { type: 'application', root: 'apps/demo', entryFile: 'main', sourceRoot: 'apps/demo/src' },
    api: { type: 'application', root: 'apps/api', entryFile: 'main', sourceRoot: 'apps/api/src' },
    shared: { type: 'library', root: 'libs/shared', entryFile: 'index', sourceRoot: 'libs/shared/src' },
  };
  const moved = (from: string, to: string) =>
    Object.fromEntries(
      Object.entries(NEST_NEW_FILES)
        .filter(([path]) => path.startsWith(from))
        .map(([path, content]) => [to + path.slice(from.length), content]),
    );
  const rootFiles = Object.fromEntries(
    Object.entries(NEST_NEW_FILES).filter(([path]) => !path.startsWith('src/')),
  );
  return {
    ...rootFiles,
    'nest-cli.json': JSON.stringify({
      sourceRoot: 'apps/demo/src',
      monorepo: true,
      root: 'apps/demo',
      projects,
    }),
    ...moved('src/', 'apps/demo/src/'),
    'apps/api/src/api.module.ts': `import { Module } from '@nestjs/common';

@Module({
  imports: [],
  controllers: [],
  providers: [],
})
export class ApiModule {}
`,
    'apps/api/src/main.ts': `import { NestFactory } from '@nestjs/core';
import { ApiModule } from './api.module.js';

async function bootstrap() {
  const app = await NestFactory.create(ApiModule);
  await app.listen(process.env.port ?? 3000);
}
await bootstrap();
`,
    'libs/shared/src/shared.module.ts': `import { Module } from '@nestjs/common';

@Module({})
export class SharedModule {}
`,
  };
}
