"""Transfer learning in PyTorch: freezing a backbone, BatchNorm in frozen layers, per-part LRs.

The model is any ``nn.Module`` with a submodule named by ``backbone_attr`` (a dotted
path such as ``"encoder.body"`` works too). Everything that is not in the backbone is
treated as the *head*.
"""

from __future__ import annotations

from typing import Any

from torch import nn

__all__ = ["freeze_backbone", "param_groups_with_lr", "set_frozen_bn_eval"]

_BATCH_NORMS = (nn.modules.batchnorm._BatchNorm,)  # BatchNorm1d/2d/3d, SyncBatchNorm
_NORMS = (
    nn.modules.batchnorm._BatchNorm,
    nn.modules.instancenorm._InstanceNorm,
    nn.GroupNorm,
    nn.LayerNorm,
    nn.RMSNorm,
)


def _get_backbone(model: nn.Module, backbone_attr: str) -> nn.Module:
    """``model.<backbone_attr>`` as a module, or a ``ValueError`` naming the attribute."""
    try:
        return model.get_submodule(backbone_attr)
    except AttributeError as err:
        raise ValueError(
            f"backbone_attr={backbone_attr!r} does not name a submodule of "
            f"{type(model).__name__}: {err}"
        ) from None


# --8<-- [start:freeze_backbone]
def freeze_backbone(
    model: nn.Module, backbone_attr: str = "backbone", train_bn: bool = False
) -> int:
    """Stop training ``model.<backbone_attr>``; return how many parameter tensors were frozen.

    Freezing sets ``requires_grad = False``: autograd then computes no gradient for
    those weights (and skips work for layers with nothing trainable before them), and
    optimizers skip parameters whose ``.grad`` is ``None``.

    ``requires_grad`` does not stop BatchNorm from changing: in ``train()`` mode a BN
    layer normalises with the *batch* statistics and overwrites its running mean and
    variance. With the small batches typical of fine-tuning those statistics are noisy,
    so the running estimates drift away from the ones the frozen weights were
    pretrained with, and the features shift under a backbone that was meant to be
    fixed. So, unless ``train_bn=True``, the backbone's BN layers are put in ``eval()``
    mode (running statistics used and kept), and their affine parameters are frozen.
    With ``train_bn=True`` BN layers stay fully trainable (parameters and statistics),
    which helps when the new domain's statistics differ a lot and batches are large.

    ``model.train()`` puts every submodule back in training mode, BN included: call
    ``set_frozen_bn_eval`` after it (see there).

    >>> from collections import OrderedDict
    >>> import torch
    >>> from torch import nn
    >>> _ = torch.manual_seed(0)
    >>> model = nn.Sequential(OrderedDict(
    ...     backbone=nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU()),
    ...     head=nn.Linear(8, 2),
    ... ))
    >>> freeze_backbone(model)  # Linear weight and bias, BN weight and bias
    4
    >>> model(torch.randn(16, 4)).pow(2).sum().backward()
    >>> [p.grad is None for p in model.backbone.parameters()]  # frozen: no gradient
    [True, True, True, True]
    >>> all(p.grad is not None for p in model.head.parameters())  # head still learns
    True
    >>> model.training, model.backbone[1].training  # frozen BN is in eval mode
    (True, False)
    >>> fresh = nn.Sequential(OrderedDict(
    ...     backbone=nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8)), head=nn.Linear(8, 2)))
    >>> freeze_backbone(fresh, train_bn=True), fresh.backbone[1].training  # BN left trainable
    (2, True)
    """
    backbone = _get_backbone(model, backbone_attr)
    frozen = 0
    for module in backbone.modules():
        is_bn = isinstance(module, _BATCH_NORMS)
        if is_bn and train_bn:
            continue
        for param in module.parameters(recurse=False):
            param.requires_grad_(False)
            frozen += 1
        if is_bn:
            module.eval()
    return frozen


# --8<-- [end:freeze_backbone]


# --8<-- [start:set_frozen_bn_eval]
def set_frozen_bn_eval(model: nn.Module) -> int:
    """Put every *frozen* BatchNorm layer of ``model`` in eval mode; return how many.

    The classic bug: freeze the backbone, then call ``model.train()`` at the start of each
    epoch. ``train()`` is recursive, so the frozen BN layers go back to training mode and
    silently update their running statistics again. Call this right after
    ``model.train()`` (or override ``train()`` in your model to call it). A BN layer
    counts as frozen when it has affine parameters and none of them requires grad; a BN
    built with ``affine=False`` has nothing to look at and is left alone.

    >>> from collections import OrderedDict
    >>> from torch import nn
    >>> model = nn.Sequential(OrderedDict(
    ...     backbone=nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8)),
    ...     head=nn.Sequential(nn.BatchNorm1d(8), nn.BatchNorm1d(8, affine=False), nn.Linear(8, 2)),
    ... ))
    >>> freeze_backbone(model)
    4
    >>> _ = model.train()  # the bug: the frozen BN is training again
    >>> model.backbone[1].training
    True
    >>> set_frozen_bn_eval(model)  # only the backbone's BN is frozen
    1
    >>> model.backbone[1].training, model.head[0].training, model.head[1].training
    (False, True, True)
    """
    count = 0
    for module in model.modules():
        if isinstance(module, _BATCH_NORMS):
            params = list(module.parameters(recurse=False))
            if params and not any(p.requires_grad for p in params):
                module.eval()
                count += 1
    return count


# --8<-- [end:set_frozen_bn_eval]


# --8<-- [start:param_groups_with_lr]
def param_groups_with_lr(
    model: nn.Module,
    base_lr: float,
    backbone_lr_mult: float = 0.1,
    weight_decay: float = 1e-4,
    no_decay_norm_and_bias: bool = True,
    backbone_attr: str = "backbone",
) -> list[dict[str, Any]]:
    """Optimizer parameter groups: a smaller LR for the backbone, no decay on norms and biases.

    The pretrained backbone is already good, so it moves at ``base_lr * backbone_lr_mult``
    ("discriminative learning rates"); the freshly initialised head moves at ``base_lr``.
    Weight decay pulls weights towards 0: sensible for conv/linear weights, but for
    biases and normalisation scales/shifts it only fights the layer's job (a norm
    weight decayed to 0 switches the channel off), so with ``no_decay_norm_and_bias``
    they get ``weight_decay = 0``. Parameters with ``requires_grad=False`` are left out;
    after unfreezing, add them with ``optimizer.add_param_group``. Shared parameters
    appear once. Empty groups are omitted. Each group carries a ``"name"``.

    >>> from collections import OrderedDict
    >>> import torch
    >>> from torch import nn
    >>> model = nn.Sequential(OrderedDict(
    ...     backbone=nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8), nn.ReLU()),
    ...     head=nn.Sequential(nn.Flatten(), nn.Linear(8 * 6 * 6, 2)),
    ... ))
    >>> groups = param_groups_with_lr(model, base_lr=0.01, weight_decay=0.05)
    >>> [(g["name"], g["lr"], g["weight_decay"], len(g["params"])) for g in groups]
    [('backbone/decay', 0.001, 0.05, 1), ('backbone/no_decay', 0.001, 0.0, 3),
     ('head/decay', 0.01, 0.05, 1), ('head/no_decay', 0.01, 0.0, 1)]
    >>> optimizer = torch.optim.AdamW(groups)  # groups go straight into any optimizer
    >>> sum(len(g["params"]) for g in groups) == len(list(model.parameters()))
    True
    """
    if not base_lr > 0:
        raise ValueError(f"base_lr must be positive, got {base_lr}")
    if not backbone_lr_mult >= 0:
        raise ValueError(f"backbone_lr_mult must be non-negative, got {backbone_lr_mult}")
    if not weight_decay >= 0:
        raise ValueError(f"weight_decay must be non-negative, got {weight_decay}")
    backbone_ids = {id(p) for p in _get_backbone(model, backbone_attr).parameters()}

    buckets: dict[tuple[str, bool], list[nn.Parameter]] = {
        (part, no_decay): [] for part in ("backbone", "head") for no_decay in (False, True)
    }
    seen: set[int] = set()
    for module in model.modules():
        is_norm = isinstance(module, _NORMS)
        for name, param in module.named_parameters(recurse=False):
            if not param.requires_grad or id(param) in seen:
                continue
            seen.add(id(param))
            part = "backbone" if id(param) in backbone_ids else "head"
            no_decay = no_decay_norm_and_bias and (is_norm or name == "bias")
            buckets[part, no_decay].append(param)

    return [
        {
            "name": f"{part}/{'no_decay' if no_decay else 'decay'}",
            "params": params,
            "lr": base_lr * (backbone_lr_mult if part == "backbone" else 1.0),
            "weight_decay": 0.0 if no_decay else weight_decay,
        }
        for (part, no_decay), params in buckets.items()
        if params
    ]


# --8<-- [end:param_groups_with_lr]
