// verdict/cache: a content-addressed cache of target outputs (the runner uses it through src/runner/cell-cache.ts).

export {
  CACHE_ENTRY_FORMAT,
  CacheEntry,
  type DecodedCacheEntry,
  decodeCacheEntry,
  encodeCacheEntry,
} from './cache-entry';
export { type CacheKeyParts, cacheKey } from './cache-key';
export { defaultCacheDirectory } from './default-cache-directory';
export { DirectoryCache, type DirectoryCacheOptions } from './directory-cache';
export type { CacheableResult, CachedOutput, CacheStats, OutputCache } from './output-cache';
export { type TargetIdentity, targetIdentity } from './target-identity';
