"""Where the store's bytes live: a local directory or an S3 bucket (through fsspec and s3fs).

Both backends offer the same few operations on flat, ``/``-separated keys
(``prices/IWM.parquet``):

* ``get`` / ``get_many`` (``None`` for a missing key; ``get_many`` runs its requests
  concurrently on S3), each answer tagged with the object's version tag (the S3 ETag,
  or the MD5 of a local file, which is what S3 uses for a single-part object);
* ``put``: one atomic write. A local file is written beside its target and renamed over it;
  an S3 object is one PUT, which S3 publishes whole. Readers see the old object or the new
  one, never half of one;
* ``put_if``: the compare-and-swap that manifests and the refresh lease rely on. With
  ``match=None`` the put succeeds only if the key does not exist (S3 ``If-None-Match: *``);
  with a tag it succeeds only if the object still has that tag (S3 ``If-Match``). A lost
  race raises :class:`PreconditionFailedError`. Locally the check and the rename run under
  an exclusive ``flock``;
* ``delete``, ``list`` and ``check`` (can this store be used at all?).

Errors name the store by its display URL (no credentials are ever part of it) and say what
to fix; AWS credentials are taken from the usual AWS environment (``AWS_ACCESS_KEY_ID``,
``AWS_SECRET_ACCESS_KEY``, ``AWS_SESSION_TOKEN``, ``AWS_ENDPOINT_URL``, ``AWS_REGION``, or a
profile) unless passed in ``options``, and are redacted from every message.
"""
from __future__ import annotations

import asyncio
import fcntl
import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

from analytics.data.atomic import atomic_write
from analytics.errors import DashboardError, redact

#: Seconds to wait for a TCP connection and for an answer from the object store; two tries.
CONNECT_TIMEOUT_S = 5
READ_TIMEOUT_S = 60
MAX_ATTEMPTS = 2
#: Parallel requests of one ``get_many`` (aiohttp's default connection pool is 10 per host).
MAX_CONCURRENCY = 16
_LOCK_NAME = ".store.lock"
_KEY = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-=^/]{0,200}$")
#: S3 error codes that mean "these credentials cannot use this bucket".
_DENIED = {"AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken",
           "InvalidToken", "TokenRefreshRequired", "AllAccessDisabled", "403"}
_MISSING_BUCKET = {"NoSuchBucket"}
_MISSING_KEY = {"NoSuchKey", "404", "NotFound"}
_PRECONDITION = {"PreconditionFailed", "412", "ConditionalRequestConflict", "409"}


class StoreError(DashboardError):
    """The store cannot be used: missing bucket or directory, bad credentials, unreachable."""


class PreconditionFailedError(DashboardError):
    """A conditional put lost its race: the key exists, or changed since it was read."""


@dataclass(frozen=True)
class ObjectInfo:
    """One stored object: its key, size in bytes and last write (UTC)."""

    key: str
    size: int
    modified: datetime


class ObjectStore(Protocol):
    """The operations :class:`~analytics.data.store.Store` needs from a backend."""

    url: str

    def get(self, key: str) -> tuple[bytes, str] | None: ...

    def get_many(self, keys: Iterable[str]) -> dict[str, tuple[bytes, str] | None]: ...

    def put(self, key: str, data: bytes) -> str: ...

    def put_if(self, key: str, data: bytes, match: str | None) -> str: ...

    def delete(self, key: str) -> None: ...

    def list(self, prefix: str) -> list[ObjectInfo]: ...

    def check(self) -> None: ...


def _safe_key(key: str) -> str:
    if not _KEY.fullmatch(key) or ".." in key or "//" in key:
        raise ValueError(f"{key!r} is not a safe store key")
    return key


def _md5(data: bytes) -> str:
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


class LocalObjects:
    """Objects as files under a directory; renames make writes atomic, ``flock`` makes CAS."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).expanduser()
        self.url = str(self.root)

    def file(self, key: str) -> Path:
        return self.root / _safe_key(key)

    def get(self, key: str) -> tuple[bytes, str] | None:
        try:
            data = self.file(key).read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            raise StoreError(f"store {self.url}: cannot read {key} ({exc.strerror or exc})") from exc
        return data, _md5(data)

    def get_many(self, keys: Iterable[str]) -> dict[str, tuple[bytes, str] | None]:
        return {key: self.get(key) for key in keys}

    def put(self, key: str, data: bytes) -> str:
        try:
            atomic_write(self.file(key), lambda tmp: Path(tmp).write_bytes(data))
        except OSError as exc:
            raise StoreError(f"store {self.url}: cannot write {key} ({exc.strerror or exc})") from exc
        return _md5(data)

    def put_if(self, key: str, data: bytes, match: str | None) -> str:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / _LOCK_NAME, "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                current = self.get(key)
                if match is None and current is not None:
                    raise PreconditionFailedError(f"store {self.url}: {key} already exists")
                if match is not None and (current is None or current[1] != match):
                    raise PreconditionFailedError(f"store {self.url}: {key} changed since it was read")
                return self.put(key, data)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def delete(self, key: str) -> None:
        self.file(key).unlink(missing_ok=True)

    def list(self, prefix: str) -> list[ObjectInfo]:
        base = self.root / prefix if prefix else self.root
        if not base.is_dir():
            return []
        out = []
        for path in base.rglob("*"):
            if path.name.startswith(".") or not path.is_file():
                continue  # temp files of a write in progress, the lock file
            stat = path.stat()
            out.append(ObjectInfo(path.relative_to(self.root).as_posix(), stat.st_size,
                                  datetime.fromtimestamp(stat.st_mtime, timezone.utc)))
        return sorted(out, key=lambda o: o.key)

    def check(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"store {self.url}: cannot create the directory ({exc.strerror or exc})") from exc
        if not os.access(self.root, os.W_OK):
            raise StoreError(f"store {self.url}: the directory is not writable")


def _client_error_code(exc: BaseException) -> str | None:
    """The S3 error code behind ``exc`` (s3fs re-raises botocore errors as OSError subclasses)."""
    for err in (exc, exc.__cause__, exc.__context__):
        response = getattr(err, "response", None)
        if isinstance(response, dict):
            error = response.get("Error", {})
            code = error.get("Code")
            status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            return str(code or status)
    return None


class S3Objects:
    """Objects in ``s3://bucket/prefix`` through s3fs (aiobotocore), requests run concurrently.

    Parameters
    ----------
    url : str
        ``s3://bucket`` or ``s3://bucket/some/prefix``; credentials never go in the URL.
    options : mapping, optional
        ``key``, ``secret``, ``token``, ``endpoint_url``, ``region`` (e.g. from Streamlit
        secrets); anything missing comes from the AWS environment, as boto reads it.
    """

    def __init__(self, url: str, options: Mapping[str, str] | None = None) -> None:
        import s3fs  # imported here: a local store never pays for it

        match = re.fullmatch(r"s3://([a-z0-9][a-z0-9.\-]{1,61}[a-z0-9])(?:/(.*))?", url.rstrip("/"))
        if not match:
            raise StoreError(f"store URL {url!r} is not s3://bucket[/prefix]")
        self.bucket, prefix = match.group(1), (match.group(2) or "").strip("/")
        self.prefix = f"{_safe_key(prefix)}/" if prefix else ""
        self.url = f"s3://{self.bucket}/{prefix}".rstrip("/")
        opts = {k: v for k, v in (options or {}).items() if v}
        self._secrets = [opts.get("secret"), opts.get("token"), os.environ.get("AWS_SECRET_ACCESS_KEY"),
                         os.environ.get("AWS_SESSION_TOKEN")]
        client_kwargs = {"region_name": opts["region"]} if opts.get("region") else {}
        self.fs = s3fs.S3FileSystem(
            key=opts.get("key"), secret=opts.get("secret"), token=opts.get("token"),
            endpoint_url=opts.get("endpoint_url"), client_kwargs=client_kwargs,
            config_kwargs={"connect_timeout": CONNECT_TIMEOUT_S, "read_timeout": READ_TIMEOUT_S,
                           "retries": {"max_attempts": MAX_ATTEMPTS, "mode": "standard"}},
            use_listings_cache=False, skip_instance_cache=True,
        )
        self.fs.retries = MAX_ATTEMPTS  # s3fs's own retry loop, on top of botocore's

    # -- error translation ------------------------------------------------------------------

    def _no_bucket(self) -> str:
        return f"store {self.url}: bucket {self.bucket!r} does not exist (create it, or fix MARKET_STORE_URL)"

    def _error(self, exc: BaseException, key: str | None) -> DashboardError:
        code = _client_error_code(exc)
        where = f"store {self.url}"
        if code in _PRECONDITION:
            return PreconditionFailedError(f"{where}: {key} changed since it was read")
        if code in _MISSING_BUCKET:
            return StoreError(self._no_bucket())
        if code in _DENIED:
            return StoreError(f"{where}: access denied ({code}); check the AWS credentials "
                              "(AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY) and the bucket policy")
        if code is None:
            name = type(exc).__name__
            detail = redact(str(exc), self._secrets)[:160]
            return StoreError(f"{where}: cannot reach the object store ({name}: {detail}); "
                              "check AWS_ENDPOINT_URL and the network")
        return StoreError(f"{where}: {code} on {key or 'the bucket'}")

    def _run(self, coro_fn, *args):
        from fsspec.asyn import sync

        return sync(self.fs.loop, coro_fn, *args)

    # -- operations -------------------------------------------------------------------------

    async def _get(self, key: str) -> tuple[bytes, str] | None:
        try:
            resp = await self.fs._call_s3("get_object", Bucket=self.bucket, Key=self.prefix + key)
            data = await resp["Body"].read()
        except Exception as exc:  # botocore and aiohttp errors, translated below
            if _client_error_code(exc) in _MISSING_KEY:
                return None
            raise self._error(exc, key) from None
        return data, resp.get("ETag", "").strip('"')

    async def _get_many(self, keys: list[str]):
        gate = asyncio.Semaphore(MAX_CONCURRENCY)

        async def one(key):
            async with gate:
                return await self._get(key)

        return dict(zip(keys, await asyncio.gather(*(one(k) for k in keys))))

    def get(self, key: str) -> tuple[bytes, str] | None:
        return self._run(self._get, _safe_key(key))

    def get_many(self, keys: Iterable[str]) -> dict[str, tuple[bytes, str] | None]:
        keys = [_safe_key(k) for k in keys]
        return self._run(self._get_many, keys) if keys else {}

    async def _put(self, key: str, data: bytes, condition: dict) -> str:
        try:
            resp = await self.fs._call_s3("put_object", Bucket=self.bucket, Key=self.prefix + key,
                                          Body=data, **condition)
        except Exception as exc:
            error = self._error(exc, key)
            if isinstance(error, PreconditionFailedError) and "IfNoneMatch" in condition:
                error = PreconditionFailedError(f"store {self.url}: {key} already exists")
            raise error from None
        return resp.get("ETag", "").strip('"')

    def put(self, key: str, data: bytes) -> str:
        return self._run(self._put, _safe_key(key), data, {})

    def put_if(self, key: str, data: bytes, match: str | None) -> str:
        condition = {"IfNoneMatch": "*"} if match is None else {"IfMatch": f'"{match}"'}
        return self._run(self._put, _safe_key(key), data, condition)

    async def _delete(self, key: str) -> None:
        try:
            await self.fs._call_s3("delete_object", Bucket=self.bucket, Key=self.prefix + key)
        except Exception as exc:
            if _client_error_code(exc) not in _MISSING_KEY:
                raise self._error(exc, key) from None

    def delete(self, key: str) -> None:
        self._run(self._delete, _safe_key(key))

    async def _list(self, prefix: str) -> list[ObjectInfo]:
        out, token = [], None
        while True:
            kwargs = {"ContinuationToken": token} if token else {}
            try:
                resp = await self.fs._call_s3("list_objects_v2", Bucket=self.bucket,
                                              Prefix=self.prefix + prefix, **kwargs)
            except Exception as exc:
                raise self._error(exc, prefix or None) from None
            for item in resp.get("Contents", []):
                out.append(ObjectInfo(item["Key"][len(self.prefix):], int(item["Size"]),
                                      item["LastModified"].astimezone(timezone.utc)))
            token = resp.get("NextContinuationToken")
            if not token:
                return out

    def list(self, prefix: str) -> list[ObjectInfo]:
        return self._run(self._list, prefix)

    async def _check(self) -> None:
        try:
            await self.fs._call_s3("head_bucket", Bucket=self.bucket)
        except Exception as exc:
            code = _client_error_code(exc)
            if code in _MISSING_KEY:  # HEAD answers a bare 404 for a missing bucket
                raise StoreError(self._no_bucket()) from None
            raise self._error(exc, None) from None

    def check(self) -> None:
        self._run(self._check)


def open_objects(url: str | Path, options: Mapping[str, str] | None = None) -> ObjectStore:
    """The backend for ``url``: ``s3://bucket/prefix``, ``file:///path`` or a plain path."""
    text = str(url)
    if text.startswith("s3://"):
        return S3Objects(text, options)
    if "://" in text and not text.startswith("file://"):
        raise StoreError(f"store URL scheme of {text.split('://')[0]!r} is not supported; use a path or s3://")
    return LocalObjects(Path(text.removeprefix("file://")))
