"""The layering checker (scripts/check_layers.py): the tree passes, and each
rule fails on a small tree made to break it."""
import importlib.util
import pathlib

REPO = pathlib.Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("check_layers", REPO / "scripts/check_layers.py")
check_layers = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_layers)


def tree(tmp_path, files):
    for rel, text in files.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return check_layers.check(str(tmp_path))


GOOD = {
    "base/log.h": "/* log */\n",
    "store/store.h": '#include "base/log.h"\n',
    "store/sqlite/sqlite.c": '#include <sqlite3.h>\n#include "store/driver.h"\nconst char *q = "SELECT 1";\n',
    "domain/core/audit.c": '#include "store/store.h"\n',
    "domain/cases/case.c": '#include "domain/core/audit.h"\n#include "domain/cases/case_store.h"\n',
    "domain/cases/case_store.c": 'static const char *q = "SELECT id FROM cases";\n',
    "domain/registry.c": '#include "domain/cases/case.h"\n',
    "api/cases/cases.c": '#include "domain/cases/case.h"\n',
    "http/routes.c": '#include "api/api.h"\n',
    "main.c": '#include "http/server.h"\n',
}


def test_the_source_tree_passes():
    problems = check_layers.check(str(REPO / "src"))
    assert problems == [], "\n".join(problems)


def test_a_good_tree_passes(tmp_path):
    assert tree(tmp_path, GOOD) == []


def one_problem(tmp_path, rel, text, expect):
    files = dict(GOOD)
    files[rel] = text
    problems = tree(tmp_path, files)
    assert len(problems) == 1 and expect in problems[0], problems


def test_an_include_from_the_layer_above_fails(tmp_path):
    one_problem(tmp_path, "domain/cases/case.c", '#include "api/request.h"\n', "layer above (api/)")


def test_api_including_http_fails(tmp_path):
    one_problem(tmp_path, "api/cases/cases.c", '#include "http/server.h"\n', "layer above (http/)")


def test_store_including_the_domain_fails(tmp_path):
    one_problem(tmp_path, "store/store.h", '#include "domain/core/audit.h"\n', "layer above (domain/)")


def test_base_including_the_store_fails(tmp_path):
    one_problem(tmp_path, "base/log.h", '#include "store/store.h"\n', "layer above (store/)")


def test_sqlite_outside_the_store_fails(tmp_path):
    one_problem(tmp_path, "domain/core/audit.c", "#include <sqlite3.h>\n", "outside store/")


def test_the_driver_header_outside_the_store_fails(tmp_path):
    one_problem(tmp_path, "domain/core/audit.c", '#include "store/driver.h"\n', "store driver header")


def test_another_subsystems_store_fails(tmp_path):
    one_problem(tmp_path, "domain/cases/case.c", '#include "domain/files/file_store.h"\n', "reaches into")


def test_core_including_a_subsystem_fails(tmp_path):
    one_problem(tmp_path, "domain/core/audit.c", '#include "domain/cases/case.h"\n', "core is the bottom")


def test_a_subsystem_including_the_registry_fails(tmp_path):
    one_problem(tmp_path, "domain/cases/case.c", '#include "domain/registry.h"\n', "root file")


def test_sql_outside_a_store_file_fails(tmp_path):
    one_problem(tmp_path, "domain/cases/case.c", 'const char *q = "UPDATE cases SET x = 1";\n', "SQL outside")


def test_a_long_file_fails(tmp_path):
    one_problem(tmp_path, "domain/cases/case.c", "int x;\n" * 1001, "1001 lines")


def test_a_long_line_fails(tmp_path):
    one_problem(tmp_path, "domain/cases/case.c", "\t" * 10 + "x" * 31 + "\n", "111 columns")


def test_a_line_of_110_columns_passes(tmp_path):
    files = dict(GOOD)
    files["domain/cases/case.c"] = "\t" * 10 + "x" * 30 + "\n"
    assert tree(tmp_path, files) == []
