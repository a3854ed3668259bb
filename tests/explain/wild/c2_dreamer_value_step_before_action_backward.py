# ruff: noqa
# source: https://github.com/cross32768/Dreamer_PyTorch/issues/2
# cause: value_optimizer.step() updates the value model in place before action_loss.backward(), which backpropagates through lambda_target_values and so through the value model's old weights; run the action model's backward before the value model's step.
# class: 2
# mistake: line 55, variable value_optimizer
# fix: delete line 55
# fix: insert after line 60: value_optimizer.step()
# error: RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation
# expect: runs clean; action_model[0].weight.grad is not None
# cause-words: value_optimizer|step(), value_model|value model|weights|parameters
# fix-words: after|before|order|move|until

import torch
import torch.nn as nn
from torch.nn.functional import mse_loss
from torch.nn.utils import clip_grad_norm_

state_dim, action_dim, horizon = 6, 2, 4
transition = nn.Linear(state_dim + action_dim, state_dim)
action_model = nn.Sequential(nn.Linear(state_dim, 16), nn.ELU(), nn.Linear(16, action_dim), nn.Tanh())
value_model = nn.Sequential(nn.Linear(state_dim, 16), nn.ELU(), nn.Linear(16, 1))
reward_model = nn.Linear(state_dim, 1)
action_optimizer = torch.optim.Adam(action_model.parameters(), lr=8e-5)
value_optimizer = torch.optim.Adam(value_model.parameters(), lr=8e-5)


def lambda_target(rewards, values, gamma=0.99, lambda_=0.95):
    V_lambda = torch.zeros_like(rewards)
    for H in range(1, horizon + 1):
        V_n = torch.zeros_like(rewards)
        for k in range(1, H + 1):
            V_n = V_n + gamma ** (k - 1) * rewards[k - 1:k].expand_as(V_n)
        V_n = V_n + gamma ** H * values
        V_lambda = V_lambda + (1 - lambda_) * lambda_ ** (H - 1) * V_n
    return V_lambda


for update_step in range(2):
    state = torch.randn(8, state_dim)
    states = []
    for t in range(horizon):
        action = action_model(state)
        state = torch.tanh(transition(torch.cat([state, action], dim=1)))
        states.append(state)
    flatten_states = torch.stack(states)
    imaginated_rewards = reward_model(flatten_states)
    imaginated_values = value_model(flatten_states)
    lambda_target_values = lambda_target(imaginated_rewards, imaginated_values)

    # update value model
    value_loss = 0.5 * mse_loss(imaginated_values, lambda_target_values.detach())
    value_optimizer.zero_grad()
    value_loss.backward(retain_graph=True)
    clip_grad_norm_(value_model.parameters(), 100)
    value_optimizer.step()

    # update action model (multiply -1 for gradient ascent)
    action_loss = -1 * (lambda_target_values.mean())
    action_optimizer.zero_grad()
    action_loss.backward()
    clip_grad_norm_(action_model.parameters(), 100)
    action_optimizer.step()
