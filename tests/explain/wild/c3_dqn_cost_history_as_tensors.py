# ruff: noqa
# source: https://github.com/ClownW/Reinforcement-learning-with-PyTorch/issues/3
# cause: cost_his stores the loss tensors themselves, which still require grad, so turning the history into a numpy array for the plot fails; store loss.item() (the value) instead.
# class: 3
# mistake: line 30, variable self.cost_his
# fix: replace line 30 with: self.cost_his.append(loss.item())
# error: RuntimeError: Can't call numpy() on Tensor that requires grad
# expect: runs clean; isinstance(dqn.cost_his[0], float)
# cause-words: cost_his, numpy
# fix-words: item|detach

import numpy as np
import torch
import torch.nn as nn


class DeepQNetwork:
    def __init__(self, n_actions=2, n_features=4):
        self.eval_net = nn.Sequential(nn.Linear(n_features, 10), nn.ReLU(), nn.Linear(10, n_actions))
        self.optimizer = torch.optim.RMSprop(self.eval_net.parameters(), lr=0.01)
        self.loss_func = nn.MSELoss()
        self.cost_his = []

    def learn(self, s, q_target):
        q_eval = self.eval_net(s)
        loss = self.loss_func(q_eval, q_target)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        self.cost_his.append(loss)

    def plot_cost(self):
        costs = np.array(self.cost_his)
        steps = np.arange(len(self.cost_his))
        return steps, costs


dqn = DeepQNetwork()
for step in range(5):
    dqn.learn(torch.randn(8, 4), torch.randn(8, 2))
steps, costs = dqn.plot_cost()
