# ruff: noqa
# source: https://github.com/zhuangdizhu/FedGen/issues/1
# cause: the evaluation losses in test_losses still require grad, and np.sum converts them to numpy; they are only for reporting, so detach them first.
# class: 3
# mistake: line 28, variable test_losses
# fix: insert before line 28: test_losses = [t.detach() for t in test_losses]
# error: RuntimeError: Can't call numpy() on Tensor that requires grad
# expect: runs clean; isinstance(glob_loss, float)
# cause-words: np.sum|numpy, test_losses
# fix-words: detach|item|no_grad

import numpy as np
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 3))
loss_fn = nn.CrossEntropyLoss()


def test(user_data):
    x, y = user_data
    output = model(x)
    return len(y), loss_fn(output, y)


users = [(torch.randn(5, 6), torch.randint(0, 3, (5,))) for _ in range(3)]
test_samples, test_losses = zip(*[test(u) for u in users])
glob_loss = np.sum([x * y for (x, y) in zip(test_samples, test_losses)]).item() / np.sum(test_samples)
print("Average Global Loss: {:.4f}".format(glob_loss))
