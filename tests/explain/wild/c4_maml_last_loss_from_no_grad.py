# ruff: noqa
# source: https://github.com/dragen1860/MAML-Pytorch/issues/40
# cause: with update_step=1 the loop that computes losses_q with grad is skipped, so losses_q[-1] is the loss computed inside `with torch.no_grad():` and has no graph to backpropagate.
# class: 4
# mistake: line 36, variable losses_q
# fix: replace line 36 with: with torch.enable_grad():
# error: RuntimeError: element 0 of tensors does not require grad
# expect: runs clean; meta.net.weight.grad is not None
# cause-words: no_grad, losses_q|loss_q
# fix-words: line 36|enable_grad|losses_q[1]

import torch
import torch.nn as nn
import torch.nn.functional as F


class Meta(nn.Module):
    def __init__(self, update_step=1, update_lr=0.4):
        super().__init__()
        self.net = nn.Linear(5, 3)
        self.update_step = update_step
        self.update_lr = update_lr
        self.meta_optim = torch.optim.Adam(self.net.parameters(), lr=1e-3)

    def functional(self, x, weights):
        return F.linear(x, weights[0], weights[1])

    def forward(self, x_spt, y_spt, x_qry, y_qry):
        task_num = x_spt.size(0)
        losses_q = [0 for _ in range(self.update_step + 1)]
        for i in range(task_num):
            logits = self.net(x_spt[i])
            loss = F.cross_entropy(logits, y_spt[i])
            grad = torch.autograd.grad(loss, self.net.parameters())
            fast_weights = [p - self.update_lr * g for g, p in zip(grad, self.net.parameters())]
            with torch.no_grad():
                logits_q = self.functional(x_qry[i], fast_weights)
                loss_q = F.cross_entropy(logits_q, y_qry[i])
                losses_q[1] += loss_q
            for k in range(1, self.update_step):
                logits = self.functional(x_spt[i], fast_weights)
                loss = F.cross_entropy(logits, y_spt[i])
                grad = torch.autograd.grad(loss, fast_weights)
                fast_weights = [p - self.update_lr * g for g, p in zip(grad, fast_weights)]
                logits_q = self.functional(x_qry[i], fast_weights)
                losses_q[k + 1] += F.cross_entropy(logits_q, y_qry[i])
        loss_q = losses_q[-1] / task_num
        self.meta_optim.zero_grad()
        loss_q.backward()
        self.meta_optim.step()


meta = Meta(update_step=1)
meta(torch.randn(2, 4, 5), torch.randint(0, 3, (2, 4)), torch.randn(2, 4, 5), torch.randint(0, 3, (2, 4)))
