import { Injectable, type OnModuleInit, type Type } from '@nestjs/common';
import { ApplicationConfig, DiscoveryService, MetadataScanner } from '@nestjs/core';
import { Observable } from 'rxjs';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
import { ResilienceSetupError } from '../errors/resilience-setup.error.js';
import { setupMessages } from '../resilience.messages.js';
import { bindsResilienceInterceptor } from './interceptor-binding.js';
import { MethodPipelineFactory } from './method-pipeline.factory.js';
import { ResilienceMetadataAccessor, type MethodResilience } from './resilience-metadata.accessor.js';
import type { Method } from './method.type.js';
import { ResilientRoutes } from './resilient-routes.js';
import { wrapMethod } from './wrap-method.js';

const LIFECYCLE_HOOKS = new Set([
  'onModuleInit',
  'onApplicationBootstrap',
  'onModuleDestroy',
  'beforeApplicationShutdown',
  'onApplicationShutdown',
]);

/**
 * At module init, wraps every decorated method of singleton providers with its pipeline,
 * and prepares the pipelines of decorated controller routes for `ResilienceInterceptor`.
 * Misuse fails here, at boot, naming `Class#method`.
 */
@Injectable()
export class ResilienceExplorer implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly accessor: ResilienceMetadataAccessor,
    private readonly pipelines: MethodPipelineFactory,
    private readonly routes: ResilientRoutes,
    private readonly appConfig: ApplicationConfig,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) this.explore(wrapper, false);
    for (const wrapper of this.discovery.getControllers()) this.explore(wrapper, true);
  }

  private explore(wrapper: InstanceWrapper, isController: boolean): void {
    const { instance } = wrapper;
    if (!instance || typeof instance !== 'object') return;
    // A factory's or a value's metatype is not the instance's class (as @nestjs/bullmq reads it).
    const metatype = (!wrapper.metatype || wrapper.inject ? instance.constructor : wrapper.metatype) as Type;
    if (typeof metatype !== 'function') return;
    const prototype = Object.getPrototypeOf(instance) as object;
    const sites = this.decoratedMethods(metatype, prototype);
    if (sites.length === 0) return;
    const className = metatype.name;
    if (!wrapper.isDependencyTreeStatic() || wrapper.isTransient) {
      const scope = wrapper.isTransient ? 'transient' : 'request';
      throw new ResilienceSetupError(setupMessages.notSingleton(`${className}#${sites[0].method}`, scope));
    }
    for (const { method, spec } of sites) {
      const site = `${className}#${method}`;
      const original = (prototype as Record<string, Method>)[method];
      const declared = returnKind(prototype, method, original);
      // Only @Resilient reaches an undecorated method (no design type): see wrapMethod.
      const returns = declared === 'unknown' && spec.inheritedOnly ? 'observable_if_returned' : declared;
      if (returns === undefined || returns === 'unknown')
        throw new ResilienceSetupError(setupMessages.notAsync(site));
      const fallback = spec.fallback && (prototype as Record<string, unknown>)[spec.fallback.method];
      if (spec.fallback && typeof fallback !== 'function') {
        throw new ResilienceSetupError(setupMessages.missingFallback(site, spec.fallback.method));
      }
      const pipeline = this.pipelines.create(site, spec);
      if (isController) {
        if (!bindsResilienceInterceptor(this.appConfig, metatype, original))
          throw new ResilienceSetupError(setupMessages.routeWithoutInterceptor(site));
        this.routes.register(original, pipeline, (fallback as Method | undefined)?.bind(instance));
      } else
        (instance as Record<string, unknown>)[method] = wrapMethod(original, pipeline, {
          fallback: fallback as Method | undefined,
          returns,
        });
    }
  }

  private decoratedMethods(
    metatype: Type,
    prototype: object,
  ): { method: string; spec: MethodResilience & { inheritedOnly: boolean } }[] {
    const names = this.scanner.getAllMethodNames(prototype);
    const classPolicy = this.accessor.classPolicy(metatype);
    const fallbacks =
      classPolicy === undefined ? new Set<string>() : this.accessor.fallbackTargets(prototype, names);
    const covered =
      classPolicy === undefined ? new Set<string>() : this.accessor.classPolicyMethods(metatype);
    const sites: { method: string; spec: MethodResilience & { inheritedOnly: boolean } }[] = [];
    for (const method of names) {
      const fn = (prototype as Record<string, unknown>)[method];
      if (typeof fn !== 'function') continue;
      const own = this.accessor.methodResilience(fn);
      const inherits =
        covered.has(method) &&
        method !== 'constructor' &&
        !LIFECYCLE_HOOKS.has(method) &&
        !fallbacks.has(method) &&
        returnKind(prototype, method, fn) !== undefined;
      if (own === undefined && !inherits) continue;
      const resilient = inherits || own ? classPolicy : undefined;
      sites.push({ method, spec: { ...own, resilient, inheritedOnly: own === undefined } });
    }
    return sites;
  }
}

/**
 * What the method returns by its declared type: a Promise, an Observable, `unknown` when it
 * has no design type (TypeScript emits one only for decorated members), or undefined when it
 * declares something else.
 */
function returnKind(
  prototype: object,
  method: string,
  fn: object,
): 'promise' | 'observable' | 'unknown' | undefined {
  if (fn.constructor.name === 'AsyncFunction') return 'promise';
  if (!Reflect.hasMetadata('design:returntype', prototype, method)) return 'unknown';
  const declared: unknown = Reflect.getMetadata('design:returntype', prototype, method);
  if (declared === Promise) return 'promise';
  if (declared === Observable) return 'observable';
  return undefined;
}
