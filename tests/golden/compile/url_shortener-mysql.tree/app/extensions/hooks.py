# user-owned: created once by spec-to-rest from url_shortener.spec; never overwritten, edit freely
"""Extension hooks for the UrlShortener service.

Every name below is optional: define only the functions you need. The generated services look
them up by name on each call.

For an operation `<op>` (snake_case operation name):

* `async def before_<op>(session, *, <inputs>) -> None`: runs first; raise
  `fastapi.HTTPException` to reject the request.
* `async def replace_<op>(session, *, <inputs>) -> <Result>`: runs instead of the generated body.
* `async def after_<op>(session, result, *, <inputs>) -> <Result>`: receives the result (from
  the generated body or `replace_<op>`) and returns the one sent to the client. Operations
  without a result call `after_<op>(session, *, <inputs>) -> None`.

`session` is the request's `sqlalchemy.ext.asyncio.AsyncSession`. The exact signatures are the
`Before*`, `Replace*` and `After*` protocols in `app/services/<entity>.py`. Typed example:

    from sqlalchemy.ext.asyncio import AsyncSession

    async def before_shorten(session: AsyncSession, *, url: str) -> None:
        ...

`def register(app: fastapi.FastAPI) -> None` may add routes or middleware; it runs before the
generated routers are mounted.

Operations with hooks: shorten, resolve, delete, list_all.
"""
