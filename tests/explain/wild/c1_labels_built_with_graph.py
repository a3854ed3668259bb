# ruff: noqa
# source: https://github.com/zhangyu2234/Deep-learning-by-hand
# cause: the labels Y are computed from true_W and true_b, which require grad, so every batch's loss backpropagates into the one graph that built Y, freed by the first backward().
# class: 1
# mistake: line 19, variable Y
# fix: insert after line 19: Y = Y.detach()
# error: RuntimeError: Trying to backward through the graph a second time
# expect: runs clean; W.grad is not None and true_W.grad is None
# cause-words: `y`, true_w|graph
# fix-words: detach|requires_grad=false|no_grad

import torch

num_samples = 400
num_features = 2
X = torch.randn((num_samples, num_features), dtype=torch.float32)
true_W = torch.randn((num_features, 1), requires_grad=True, dtype=torch.float32)
true_b = torch.randn(1, requires_grad=True, dtype=torch.float32)
Y = torch.mm(X, true_W) + true_b


def relu(x):
    return torch.max(x, torch.zeros_like(x))


def loss(y_hat, y):
    return ((y_hat - y.reshape(y_hat.shape)) ** 2 / 2).sum()


def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()


def data_iter(X, Y, batch_size):
    idx = torch.randperm(len(X))
    for i in range(0, len(X), batch_size):
        j = idx[i:i + batch_size]
        yield X[j], Y[j]


def fc(x, w, b):
    return relu(torch.mm(x, w) + b)


W = torch.normal(0, 0.01, size=(num_features, 1), requires_grad=True)
b = torch.zeros(1, requires_grad=True)
batch_size = 20
lr = 0.01
for epoch in range(2):
    for x, y in data_iter(X, Y, batch_size):
        l = loss(fc(x, W, b), y)
        l.backward()
        sgd([W, b], lr, batch_size)
