"""The decision: ranking (weighted sum and TOPSIS), robustness (SMAA-2, sweeps), weighting
profiles and their versions, and the results as tables to export."""

from vendor_eval.services import lazy_exports

__getattr__, __all__ = lazy_exports(__name__, {
    "clone_profile": "profiles",
    "diff_versions": "profiles",
    "export_profile_yaml": "profiles",
    "export_results": "results",
    "get_profile": "profiles",
    "import_profile_yaml": "profiles",
    "list_profile_ids": "profiles",
    "list_versions": "profiles",
    "load_evaluation": "ranking",
    "project_results": "results",
    "project_robustness": "robustness",
    "rank_project": "ranking",
    "rank_matrix_files": "matrix",
    "rank_project_topsis": "ranking",
    "save_profile_version": "profiles",
    "seed_shipped_profiles": "profiles",
})
