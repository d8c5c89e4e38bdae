"""Bring-your-own models: a model file that is not a MACE model, or one that does not know the
element, is refused with a message naming the file."""

import pytest

from mace_fixtures import build_mace_model
from solidbench.mace_model import e0s_argument, import_external_model, model_e0s, model_elements


@pytest.mark.parametrize("layers", [1, 2])
def test_external_model_is_copied_and_exported(tmp_path, layers):
    """The copy is the user's model byte for byte; the export is a TorchScript MACE model with the
    model's cutoff, and a one-layer model (only) gets the compiled evaluator's tables beside it."""
    import torch

    from solidbench.mace_tables import tables_path

    model, _ = build_mace_model(tmp_path / "argon.model", export=False, num_interactions=layers,
                                hidden_irreps="8x0e" if layers == 1 else "8x0e+8x1o")
    assert model_elements(model) == [18]
    out = tmp_path / "out"
    import_external_model(model, "Ar", "float32", out / "model.model", out / "model-lammps.pt")
    assert (out / "model.model").read_bytes() == model.read_bytes()
    exported = torch.jit.load(out / "model-lammps.pt")
    assert exported.r_max.item() == pytest.approx(5.0) and exported.atomic_numbers.tolist() == [18]
    assert tables_path(out / "model-lammps.pt").exists() == (layers == 1)


def test_model_without_the_element_is_refused(tmp_path):
    model, _ = build_mace_model(tmp_path / "neon.model", atomic_numbers=(10,), export=False)
    with pytest.raises(ValueError, match=r"neon.model: the model knows atomic numbers \[10\], not Ar"):
        import_external_model(model, "Ar", "float32", tmp_path / "m.model", tmp_path / "m.pt")


def test_garbage_file_is_refused(tmp_path):
    garbage = tmp_path / "garbage.model"
    garbage.write_text("not a model")
    with pytest.raises(ValueError, match="garbage.model is not a mace-torch model file"):
        import_external_model(garbage, "Ar", "float32", tmp_path / "m.model", tmp_path / "m.pt")


def test_e0s_argument_and_stored_e0(tmp_path):
    """`--E0s` for mace_run_train: the reference's isolated-atom energy by atomic number, or mace-torch's average."""
    assert e0s_argument("reference", "Ar", 0.0) == "{18: 0.0}"
    assert e0s_argument("average", "Ar", 0.0) == "average"
    with pytest.raises(ValueError, match="reference"):
        e0s_argument("zero", "Ar", 0.0)
    model, _ = build_mace_model(tmp_path / "argon.model", export=False)
    assert model_e0s(model) == {18: pytest.approx(-0.05)}  # what build_mace_model stores
