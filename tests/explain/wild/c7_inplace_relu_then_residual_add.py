# ruff: noqa
# source: https://github.com/pytorch/vision/issues/807
# cause: self.relu is nn.ReLU(inplace=True), whose output is saved for backward; `out += identity` then changes that saved output in place.
# class: 7
# mistake: line 28, variable out
# fix: replace line 28 with: out = out + identity
# error: RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation
# expect: runs clean; block.conv1.weight.grad is not None
# cause-words: out, +=|in place|in-place|inplace
# fix-words: out = out + identity|out-of-place|inplace=false

import torch
import torch.nn as nn


class BasicBlock(nn.Module):
    def __init__(self, planes):
        super().__init__()
        self.conv1 = nn.Conv2d(planes, planes, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x):
        identity = x
        out = self.conv1(x)
        out = self.bn1(out)
        out = self.relu(out)
        out += identity
        return out


block = BasicBlock(4)
y = block(torch.randn(2, 4, 6, 6))
y.sum().backward()
