"""Behavioural checks for snippets/transfer.py: real optimisation steps on synthetic data."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator

import pytest
import torch
from torch import nn

from snippets.transfer import freeze_backbone, param_groups_with_lr, set_frozen_bn_eval


class Net(nn.Module):
    """A tiny conv net with a ``backbone`` (conv + BN) and a ``head``."""

    def __init__(self) -> None:
        super().__init__()
        self.backbone = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1),
            nn.BatchNorm2d(8),
            nn.ReLU(),
            nn.Conv2d(8, 8, 3, padding=1, bias=False),
            nn.GroupNorm(2, 8),
            nn.ReLU(),
        )
        self.head = nn.Sequential(
            nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.LayerNorm(8), nn.Linear(8, 3)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.backbone(x))


def _batches(seed: int, n: int) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    gen = torch.Generator().manual_seed(seed)
    for _ in range(n):
        # Shifted, scaled inputs: batch statistics differ clearly from BN's initial (0, 1).
        yield (
            torch.randn(4, 3, 8, 8, generator=gen) * 3 + 2,
            torch.randint(0, 3, (4,), generator=gen),
        )


def _snapshot(module: nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in module.state_dict().items()}


def _train(model: nn.Module, optimizer: torch.optim.Optimizer, steps: int = 5) -> None:
    for x, y in _batches(0, steps):
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()


OPTIMIZERS: list[Callable[[list[dict[str, object]]], torch.optim.Optimizer]] = [
    lambda groups: torch.optim.SGD(groups, lr=0.1, momentum=0.9),
    lambda groups: torch.optim.AdamW(groups, lr=0.01),
]


@pytest.mark.parametrize("make_optimizer", OPTIMIZERS)
def test_frozen_backbone_is_bit_for_bit_unchanged(
    make_optimizer: Callable[[list[dict[str, object]]], torch.optim.Optimizer],
) -> None:
    torch.manual_seed(0)
    model = Net()
    assert freeze_backbone(model) == 7  # conv w+b, BN w+b, conv w, GroupNorm w+b
    assert not any(p.requires_grad for p in model.backbone.parameters())
    before_backbone, before_head = _snapshot(model.backbone), _snapshot(model.head)
    # Pass *all* parameters: optimizers skip tensors that never receive a gradient,
    # even with momentum and weight decay.
    _train(model, make_optimizer([{"params": list(model.parameters()), "weight_decay": 0.1}]))
    after = _snapshot(model.backbone)
    for key, value in before_backbone.items():  # weights *and* BN buffers
        assert torch.equal(after[key], value), key
    assert any(not torch.equal(model.head.state_dict()[k], v) for k, v in before_head.items())


def test_bn_running_stats_unchanged_when_frozen_and_updated_when_train_bn() -> None:
    torch.manual_seed(0)
    frozen, trained = Net(), Net()
    freeze_backbone(frozen, train_bn=False)
    freeze_backbone(trained, train_bn=True)
    bn_frozen, bn_trained = frozen.backbone[1], trained.backbone[1]
    assert not bn_frozen.training and bn_trained.training
    assert bn_trained.weight.requires_grad and not trained.backbone[0].weight.requires_grad
    mean0 = bn_frozen.running_mean.clone()
    for model in (frozen, trained):
        _train(model, torch.optim.SGD(param_groups_with_lr(model, 0.1), lr=0.1))
    assert torch.equal(bn_frozen.running_mean, mean0)
    assert int(bn_frozen.num_batches_tracked) == 0
    assert not torch.equal(bn_trained.running_mean, mean0)
    assert int(bn_trained.num_batches_tracked) == 5


def test_model_train_after_freezing_is_the_classic_bug_and_helper_fixes_it() -> None:
    torch.manual_seed(0)
    model = Net()
    freeze_backbone(model)
    bn = model.backbone[1]
    optimizer = torch.optim.SGD(param_groups_with_lr(model, 0.1), lr=0.1)

    model.train()  # e.g. at the start of every epoch
    mean0 = bn.running_mean.clone()
    _train(model, optimizer, steps=1)
    assert not torch.equal(bn.running_mean, mean0)  # the bug: statistics drift again

    model.train()
    assert set_frozen_bn_eval(model) == 1  # the fix, right after model.train()
    mean1 = bn.running_mean.clone()
    _train(model, optimizer, steps=3)
    assert torch.equal(bn.running_mean, mean1)
    assert model.training and model.head.training  # the rest of the model still trains


def test_set_frozen_bn_eval_ignores_trainable_and_non_affine_bn() -> None:
    model = nn.Sequential(nn.BatchNorm1d(4), nn.BatchNorm1d(4, affine=False), nn.Linear(4, 2))
    assert set_frozen_bn_eval(model) == 0
    assert model[0].training and model[1].training


def test_freeze_backbone_dotted_path() -> None:
    model = nn.Sequential(
        OrderedDict(encoder=nn.Sequential(OrderedDict(body=nn.Linear(2, 2), neck=nn.Linear(2, 2))))
    )
    assert freeze_backbone(model, "encoder.body") == 2
    assert not model.encoder.body.weight.requires_grad
    assert model.encoder.neck.weight.requires_grad


def test_param_groups_partition_trainable_parameters() -> None:
    model = Net()
    groups = param_groups_with_lr(model, base_lr=1e-3, backbone_lr_mult=0.1, weight_decay=0.05)
    by_name = {g["name"]: g for g in groups}
    assert list(by_name) == ["backbone/decay", "backbone/no_decay", "head/decay", "head/no_decay"]
    ids = [id(p) for g in groups for p in g["params"]]
    assert len(ids) == len(set(ids)) and set(ids) == {id(p) for p in model.parameters()}

    def names(group: str) -> set[str]:
        ids = {id(p) for p in by_name[group]["params"]}
        return {n for n, p in model.named_parameters() if id(p) in ids}

    assert names("backbone/decay") == {"backbone.0.weight", "backbone.3.weight"}
    assert names("backbone/no_decay") == {
        "backbone.0.bias",
        "backbone.1.weight",
        "backbone.1.bias",
        "backbone.4.weight",
        "backbone.4.bias",
    }
    assert names("head/decay") == {"head.3.weight"}
    assert names("head/no_decay") == {"head.2.weight", "head.2.bias", "head.3.bias"}
    assert by_name["backbone/decay"]["lr"] == pytest.approx(1e-4)
    assert by_name["head/decay"]["lr"] == pytest.approx(1e-3)
    assert by_name["backbone/no_decay"]["weight_decay"] == 0.0
    assert by_name["head/decay"]["weight_decay"] == 0.05

    flat = param_groups_with_lr(model, 1e-3, no_decay_norm_and_bias=False)
    assert [g["name"] for g in flat] == ["backbone/decay", "head/decay"]


def test_param_groups_skip_frozen_and_dedupe_shared_parameters() -> None:
    shared = nn.Linear(4, 4)
    model = nn.Sequential(OrderedDict(backbone=shared, head=nn.Sequential(shared, nn.Linear(4, 2))))
    groups = param_groups_with_lr(model, 0.1)
    ids = [id(p) for g in groups for p in g["params"]]
    assert len(ids) == len(set(ids)) == 4  # shared weight and bias appear once, as backbone
    freeze_backbone(model)
    groups = param_groups_with_lr(model, 0.1)
    assert [g["name"] for g in groups] == ["head/decay", "head/no_decay"]


def test_adamw_applies_each_groups_lr_and_weight_decay() -> None:
    # With zero gradients Adam's update is exactly 0, leaving only AdamW's decoupled decay
    # p <- p * (1 - lr * weight_decay): this reads each group's lr and decay off the weights.
    torch.manual_seed(0)
    model = Net()
    base_lr, mult, wd = 0.1, 0.5, 0.2
    groups = param_groups_with_lr(model, base_lr, backbone_lr_mult=mult, weight_decay=wd)
    optimizer = torch.optim.AdamW(groups)
    before = {n: p.detach().clone() for n, p in model.named_parameters()}
    for p in model.parameters():
        p.grad = torch.zeros_like(p)
    optimizer.step()
    for group in groups:
        factor = 1 - group["lr"] * group["weight_decay"]
        for p in group["params"]:
            name = next(n for n, q in model.named_parameters() if q is p)
            torch.testing.assert_close(p.detach(), before[name] * factor, rtol=1e-6, atol=0)
    assert 1 - base_lr * mult * wd != 1 - base_lr * wd  # the two factors really differ


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda m: freeze_backbone(m, "encoder"), "backbone_attr='encoder' does not name"),
        (lambda m: param_groups_with_lr(m, 0.1, backbone_attr="nope"), "backbone_attr='nope'"),
        (lambda m: param_groups_with_lr(m, 0.0), "base_lr must be positive"),
        (lambda m: param_groups_with_lr(m, float("nan")), "base_lr must be positive"),
        (lambda m: param_groups_with_lr(m, 0.1, backbone_lr_mult=-1), "backbone_lr_mult"),
        (lambda m: param_groups_with_lr(m, 0.1, weight_decay=-1e-4), "weight_decay"),
    ],
)
def test_invalid_inputs_raise(call: Callable[[nn.Module], object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call(Net())
