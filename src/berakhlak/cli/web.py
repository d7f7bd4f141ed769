"""The web app from the command line: `demo`, `serve`, `manage`, `backup` and `restore`.

Django's models, and what imports them, can be imported only once `django.setup()` has run
(`setup_django`): those imports are inside the commands, after it.
"""

from __future__ import annotations

import os
from pathlib import Path

import click
import django

from ..site.settings_errors import configuration_errors
from .text import N_, Command, Option, _


def setup_django(**env: str) -> None:
    """Configure and start Django; `env` sets BERAKHLAK_* variables first."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "berakhlak.site.settings")
    os.environ.update(env)
    with configuration_errors():
        django.setup()


@click.command(
    cls=Command,
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    help=N_("Jalankan perintah manajemen Django (migrate, createsuperuser, check --deploy, …)."),
)
@click.pass_context
def manage(ctx: click.Context) -> None:
    from django.core.management import execute_from_command_line  # noqa: PLC0415 - imports every app: only for this command

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "berakhlak.site.settings")
    with configuration_errors():
        execute_from_command_line(["berakhlak manage", *ctx.args])


@click.command(
    cls=Command,
    help=N_(
        "Sajikan aplikasi web dengan gunicorn (diatur dengan variabel lingkungan BERAKHLAK_*)."
    ),
)
@click.option("--bind", cls=Option, default="127.0.0.1:8000", show_default=True)
@click.option("--workers", cls=Option, type=click.IntRange(min=1), default=2, show_default=True)
@click.option(
    "--threads",
    cls=Option,
    type=click.IntRange(min=1),
    default=8,
    show_default=True,
    help=N_(
        "Utas per worker: sebagian besar permintaan menghabiskan waktunya menunggu basis data."
    ),
)
def serve(bind: str, workers: int, threads: int) -> None:
    setup_django()
    from ..site.server import serve as serve_app  # noqa: PLC0415 - after django.setup()

    serve_app(bind, workers, threads)


@click.command(
    cls=Command,
    help=N_(
        "Buat basis data demo yang baru dan sajikan di http://127.0.0.1:PORT.\n\n"
        "Sebuah kabupaten fiktif (Kabupaten Sukamaju, 40 unit) dengan siklus 2024 dan 2025 "
        "yang sudah dipublikasikan dan siklus 2026 yang sedang dibuka, sebelas instansi lain "
        "untuk tampilan nasional, dan satu akun untuk setiap peran (dicetak saat mulai)."
    ),
)
@click.option("--port", cls=Option, type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--data-dir",
    cls=Option,
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("var/demo"),
    show_default=True,
    help=N_("Tempat basis data SQLite dan unggahan demo (dibuat ulang)."),
)
@click.option("--workers", cls=Option, type=click.IntRange(min=1), default=2, show_default=True)
def demo(port: int, data_dir: Path, workers: int) -> None:
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    for name in ("berakhlak.sqlite3", "berakhlak.sqlite3-wal", "berakhlak.sqlite3-shm"):
        (data_dir / name).unlink(missing_ok=True)
    base = f"http://127.0.0.1:{port}"
    setup_django(
        BERAKHLAK_DATA_DIR=str(data_dir),
        BERAKHLAK_SITE_URL=base,
        BERAKHLAK_ENV="development",
        BERAKHLAK_EMAIL="file",  # the invitations' e-mails, one file each in DATA_DIR/mail
    )
    from django.core.management import call_command  # noqa: PLC0415 - after django.setup()

    from ..site.demo import PASSWORD, demo_link, load_demo  # noqa: PLC0415 - after django.setup()
    from ..site.server import serve as serve_app  # noqa: PLC0415 - after django.setup()

    click.echo(_("Menyiapkan basis data demo di %(dir)s …") % {"dir": data_dir})
    call_command("migrate", verbosity=0)
    accounts = load_demo()
    lines = [
        "",
        "BerAKHLAK demo siap / ready:",
        f"  Aplikasi      {base}/",
        f"  Kuesioner     {demo_link(base)}",
        f"  Health check  {base}/healthz",
        f"  E-mail        {data_dir / 'mail'}",
        "",
        f"  Akun (kata sandi semua: {PASSWORD})",
        f"    admin nasional           {accounts.admin}",
        f"    operator Sukamaju        {accounts.operator}",
        f"    pimpinan Sukamaju        {accounts.leader}",
        f"    kepala Dinas Kesehatan   {accounts.unit_leader}",
        f"    operator instansi lain   {accounts.other_operator}",
        f"    agen perubahan Dinkes    {accounts.change_agent}",
        f"    evaluator Sukamaju       {accounts.evaluator}",
        "",
        "Tekan Ctrl+C untuk berhenti.",
    ]
    click.echo("\n".join(lines))
    serve_app(f"127.0.0.1:{port}", workers)


@click.command(
    cls=Command,
    help=N_(
        "Cadangkan seluruh basis data (SQLite atau PostgreSQL, dari pengaturan) dan berkas "
        "unggahan ke TARGET (satu arsip tar)."
    ),
)
@click.argument("target", type=click.Path(path_type=Path, dir_okay=False))
def backup(target: Path) -> None:
    setup_django()
    from ..site.backup import BackupError  # noqa: PLC0415 - after django.setup()
    from ..site.backup_files import backup as make_backup  # noqa: PLC0415 - after django.setup()

    try:
        done = make_backup(target)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        _("%(file)s: cadangan %(kind)s dan %(n)s berkas unggahan (%(size)s bytes)")
        % {"file": target, "kind": done.kind, "n": done.files, "size": f"{target.stat().st_size:,}"}
    )


@click.command(
    cls=Command, help=N_("Ganti isi basis data dan berkas unggahan dengan cadangan di SOURCE.")
)
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--yes", cls=Option, is_flag=True, help=N_("Jangan minta konfirmasi."))
def restore(source: Path, yes: bool) -> None:
    if not yes:
        click.confirm(
            _("Seluruh isi basis data akan diganti dengan cadangan. Lanjutkan?"), abort=True
        )
    setup_django()
    from ..site.backup import BackupError  # noqa: PLC0415 - after django.setup()
    from ..site.backup_files import restore as restore_backup  # noqa: PLC0415 - after django.setup()

    try:
        done = restore_backup(source)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    if done.with_files:
        click.echo(
            _("%(file)s: dipulihkan ke basis data %(kind)s, dengan %(n)s berkas unggahan")
            % {"file": source, "kind": done.kind, "n": done.files}
        )
    else:
        click.echo(
            _("%(file)s: dipulihkan ke basis data %(kind)s (cadangan lama tanpa berkas unggahan)")
            % {"file": source, "kind": done.kind}
        )
